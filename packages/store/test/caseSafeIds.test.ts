import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DEFAULT_USER_ID_PATTERN,
  InvalidUserIdError,
  createUserStores,
  folderNameOf,
  type UserStores,
} from '@ballast/store';
import { tempDir } from './support/tempDir.js';

/** Entries of a folder as a case-insensitive file system (APFS, NTFS) would tell them apart. */
function caseFolded(names: readonly string[]): Set<string> {
  return new Set(names.map((name) => name.toLowerCase()));
}

describe('user ids that differ only by case', () => {
  let temp: ReturnType<typeof tempDir>;
  let stores: UserStores;

  beforeEach(() => {
    temp = tempDir();
    stores = createUserStores({ root: temp.dir, idleTimeoutMs: 0 });
  });

  afterEach(() => {
    stores.close();
    temp.remove();
  });

  it('get folders a case-insensitive file system keeps apart, with data of their own', () => {
    // Alice and ALICE hash to the same shard: with folders named after the ids, APFS or NTFS
    // would give both users one folder.
    const ids = ['Alice', 'ALICE', 'alice', 'aLiCe'];
    for (const id of ids) stores.user(id).put('notes', 'who', { id });
    const shared = readdirSync(path.join(stores.root, '87')).filter((n) => !n.endsWith('.lock'));
    expect(shared.sort()).toEqual(['^a^l^i^c^e', '^alice']);
    const all = readdirSync(stores.root).flatMap((s) => readdirSync(path.join(stores.root, s)));
    expect(caseFolded(all).size).toBe(all.length);
    for (const id of ids) expect(stores.user(id).get('notes', 'who')?.body).toEqual({ id });
    expect(stores.listUsers()).toEqual([...ids].sort());
    expect(folderNameOf('Alice')).toBe('^alice');
  });

  it('opens the folder an earlier release made for an id with capitals, renaming it once', () => {
    stores.user('Bob').put('notes', 'n1', { kept: true });
    stores.close();
    const shard = path.join(
      stores.root,
      readdirSync(stores.root).find((name) =>
        readdirSync(path.join(stores.root, name)).includes('^bob'),
      )!,
    );
    renameSync(path.join(shard, '^bob'), path.join(shard, 'Bob')); // the old layout

    stores = createUserStores({ root: temp.dir, idleTimeoutMs: 0 });
    expect(stores.listUsers()).toEqual(['Bob']);
    expect(stores.user('Bob').get('notes', 'n1')?.body).toEqual({ kept: true });
    expect(readdirSync(shard).sort()).toEqual(['^bob', '^bob.lock']);
  });

  it('never mistakes another user’s folder for a legacy one', () => {
    stores.user('carol').put('notes', 'n1', { owner: 'carol' });
    // CaRol shares carol's shard; a case-blind look-up for a legacy "CaRol" folder would find carol's.
    expect(stores.user('CaRol').get('notes', 'n1')).toBeUndefined();
    expect(stores.user('carol').get('notes', 'n1')?.body).toEqual({ owner: 'carol' });
  });
});

describe('the default user id pattern', () => {
  it.each(['CON', 'con', 'Nul', 'aux', 'PRN', 'COM1', 'com9', 'LPT1', 'lpt0'])(
    'refuses the Windows device name %s',
    (id) => {
      const temp = tempDir();
      const stores = createUserStores({ root: temp.dir });
      try {
        expect(DEFAULT_USER_ID_PATTERN.test(id)).toBe(false);
        expect(() => stores.user(id)).toThrow(InvalidUserIdError);
        expect(readdirSync(temp.dir)).toEqual([]);
      } finally {
        stores.close();
        temp.remove();
      }
    },
  );

  it('accepts names that only start like a device', () => {
    for (const id of ['console', 'nullable', 'com10', 'lpt', 'auxiliary', 'con-1'])
      expect(DEFAULT_USER_ID_PATTERN.test(id)).toBe(true);
  });

  it('refuses non-ASCII and Windows-reserved characters whatever the pattern', () => {
    const temp = tempDir();
    mkdirSync(path.join(temp.dir, 'root'));
    const stores = createUserStores({ root: path.join(temp.dir, 'root'), userIdPattern: /^.+$/su });
    try {
      for (const id of [
        'Ålice',
        'ａlice',
        'e\u0301',
        'a|b',
        'a?b',
        'a*b',
        'a<b',
        'a"b',
        'tab\there',
      ])
        expect(() => stores.user(id)).toThrow(InvalidUserIdError);
      expect(() => stores.user('a.b c')).not.toThrow();
    } finally {
      stores.close();
      temp.remove();
    }
  });
});
