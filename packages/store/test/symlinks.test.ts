import { linkSync, mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  StoreUnsafePathError,
  createUserStores,
  openAggregateStore,
  type UserStores,
} from '@ballast/store';
import { tempDir } from './support/tempDir.js';
import { thrown, userFile } from './support/userFiles.js';

describe('links under the store root', () => {
  let temp: ReturnType<typeof tempDir>;
  let root: string;
  let outside: string;
  let stores: UserStores;

  beforeEach(() => {
    temp = tempDir();
    root = path.join(temp.dir, 'root');
    outside = path.join(temp.dir, 'outside');
    mkdirSync(outside);
    stores = createUserStores({ root, idleTimeoutMs: 0 });
  });

  afterEach(() => {
    stores.close();
    temp.remove();
  });

  /** Creates alice, closes her connection, and returns her folder. */
  function aliceFolder(): string {
    stores.user('alice').put('notes', 'n1', {});
    stores.close();
    stores = createUserStores({ root, idleTimeoutMs: 0 });
    return path.dirname(userFile(stores, 'alice'));
  }

  function expectRefused(fn: () => unknown, linkPath: string): void {
    const error = thrown(fn);
    expect(error).toBeInstanceOf(StoreUnsafePathError);
    expect(error).toMatchObject({
      code: 'BALLAST_ERR_STORE_UNSAFE_PATH',
      path: linkPath,
      found: 'a symbolic link',
    });
  }

  it('refuses a user folder that is a link out of the root, and writes nothing there', () => {
    const folder = aliceFolder();
    renameSync(folder, path.join(outside, 'alice'));
    symlinkSync(path.join(outside, 'alice'), folder);
    expectRefused(() => stores.user('alice').put('notes', 'n2', {}), folder);
    expect(readdirSync(path.join(outside, 'alice'))).toEqual(['user.db']);
  });

  it('refuses a shard folder that is a link, for a new user too', () => {
    const shard = path.dirname(aliceFolder());
    renameSync(shard, path.join(outside, 'shard'));
    symlinkSync(path.join(outside, 'shard'), shard);
    expectRefused(() => stores.user('alice').get('notes', 'n1'), shard);
    expect(readdirSync(path.join(outside, 'shard')).sort()).toEqual(['alice', 'alice.lock']);
  });

  it('refuses a user.db that is a link, and a WAL that is one', () => {
    const folder = aliceFolder();
    const file = path.join(folder, 'user.db');
    renameSync(file, path.join(outside, 'user.db'));
    symlinkSync(path.join(outside, 'user.db'), file);
    expectRefused(() => stores.user('alice').put('notes', 'n2', {}), file);
    expect(readdirSync(outside)).toEqual(['user.db']); // no WAL beside the target

    renameSync(path.join(outside, 'user.db'), file);
    symlinkSync(path.join(outside, 'planted-wal'), `${file}-wal`); // dangling: SQLite would create it
    expectRefused(() => stores.user('alice').get('notes', 'n1'), `${file}-wal`);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses a hard-linked user.db', () => {
    const file = path.join(aliceFolder(), 'user.db');
    linkSync(file, path.join(outside, 'copy.db'));
    expect(thrown(() => stores.user('alice').get('notes', 'n1'))).toMatchObject({
      path: file,
      found: 'a file with 2 hard links',
    });
  });

  it('refuses to write a backup, a quarantine or an aggregate through a link', async () => {
    aliceFolder();
    const backup = path.join(temp.dir, 'alice.bak');
    writeFileSync(path.join(outside, 'precious'), 'keep me');
    symlinkSync(path.join(outside, 'precious'), backup);
    await expect(stores.backup('alice', backup)).rejects.toThrow(StoreUnsafePathError);

    symlinkSync(outside, path.join(stores.root, '.quarantine'));
    expect(await stores.quarantine('alice', 'operator')).toBeUndefined(); // not moved through it
    expect(readdirSync(outside)).toEqual(['precious']);

    const aggregate = path.join(temp.dir, 'aggregate.db');
    symlinkSync(path.join(outside, 'precious'), aggregate);
    expect(() => openAggregateStore({ file: aggregate })).toThrow(StoreUnsafePathError);
    expect(readdirSync(outside)).toEqual(['precious']);
  });

  it('accepts a root that is itself a link (a mount point), resolving it once', () => {
    stores.close();
    const real = path.join(temp.dir, 'real-root');
    mkdirSync(real);
    const linked = path.join(temp.dir, 'linked-root');
    symlinkSync(real, linked);
    stores = createUserStores({ root: linked, idleTimeoutMs: 0 });
    stores.user('alice').put('notes', 'n1', {});
    expect(stores.root).toBe(real);
    expect(stores.user('alice').get('notes', 'n1')?.version).toBe(1);
  });
});
