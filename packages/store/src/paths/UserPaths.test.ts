import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidUserIdError } from '../errors/storeErrors.js';
import { createUserStores } from '../stores/createUserStores.js';
import type { UserStores } from '../stores/UserStores.js';
import { tempDir } from '../../test/support/tempDir.js';
import { UserPaths } from './UserPaths.js';

const HOSTILE_IDS: readonly unknown[] = [
  '',
  '.',
  '..',
  '../x',
  '../../etc/passwd',
  '/etc/passwd',
  '/',
  'a/b',
  'a\\b',
  'abc\0def',
  '\0',
  'аdmin', // Cyrillic а
  'ａdmin', // full-width a
  'ᴀdmin', // small capital A
  'admin\u200b', // zero-width space
  'x'.repeat(65),
  'x'.repeat(100_000),
  'alice ',
  'alice\n',
  '%2e%2e',
  'C:\\Windows',
  '~root',
  'a.b',
  '.hidden',
  42,
  null,
  undefined,
];

describe('UserPaths', () => {
  let temp: ReturnType<typeof tempDir>;
  let root: string;
  let stores: UserStores;

  beforeEach(() => {
    temp = tempDir();
    root = path.join(temp.dir, 'root');
    stores = createUserStores({ root, idleTimeoutMs: 0 });
  });

  afterEach(() => {
    stores.close();
    temp.remove();
  });

  it.each(HOSTILE_IDS.map((id) => [JSON.stringify(id)?.slice(0, 40) ?? String(id), id]))(
    'rejects the hostile id %s with InvalidUserIdError and creates nothing',
    (_label, id) => {
      expect(() => stores.user(id as string).put('notes', 'n', {})).toThrow(InvalidUserIdError);
      expect(readdirSync(temp.dir)).toEqual(['root']);
      expect(readdirSync(root)).toEqual([]);
    },
  );

  it('gives the rejection a stable code and a message naming the allow-list', () => {
    try {
      stores.user('../x');
      throw new Error('not rejected');
    } catch (error) {
      expect(InvalidUserIdError.is(error)).toBe(true);
      expect((error as InvalidUserIdError).code).toBe('BALLAST_ERR_STORE_USER_ID');
      expect((error as Error).message).toContain('A-Za-z0-9_-');
    }
  });

  it('still refuses path syntax when a permissive pattern lets it through', () => {
    const paths = new UserPaths(root, /^.{1,300}$/su, 256);
    for (const id of ['..', '.', '../x', '/etc/passwd', 'a/b', 'a\\b', 'abc\0def', 'c:x']) {
      expect(() => paths.validate(id)).toThrow(InvalidUserIdError);
    }
    expect(() => paths.validate('alice.smith')).not.toThrow();
  });

  it('places a valid user two levels under the root, in a hashed shard, beside its lock file', () => {
    stores.user('alice_01-x').put('notes', 'n', {});
    const paths = new UserPaths(root, /^[A-Za-z0-9_-]{1,64}$/, 256);
    expect(paths.userFolder('alice_01-x')).toBe(
      path.join(root, paths.shardOf('alice_01-x'), 'alice_01-x'),
    );
    expect(readdirSync(path.join(root, paths.shardOf('alice_01-x'))).sort()).toEqual([
      'alice_01-x',
      'alice_01-x.lock',
    ]);
    expect(paths.shardOf('alice_01-x')).toMatch(/^[0-9a-f]{2}$/);
  });

  it('refuses an id the pattern allows whose folder name no file system takes, instead of a raw ENAMETOOLONG', () => {
    stores.close();
    stores = createUserStores({ root, idleTimeoutMs: 0, userIdPattern: /^[A-Za-z0-9_-]{1,300}$/ });
    for (const id of ['a'.repeat(260), 'A'.repeat(101)]) {
      expect(() => stores.user(id)).toThrow(InvalidUserIdError);
      expect(() => stores.user(id)).toThrow(/at most 200/);
    }
    expect(readdirSync(root)).toEqual([]);
    stores.user('A'.repeat(100)).put('notes', 'n', {});
    expect(stores.user('A'.repeat(100)).get('notes', 'n')?.version).toBe(1);
  });
});
