import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  OutboxRelay,
  StoreIoError,
  StoreQuarantinedError,
  StoreUnsafePathError,
  createUserStores,
  openAggregateStore,
  type UserStores,
} from '@ballast/store';
import { tempDir } from './support/tempDir.js';

function corrupt(stores: UserStores, userId: string): void {
  const shard = readdirSync(stores.root).find((name) =>
    existsSync(path.join(stores.root, name, userId)),
  )!;
  const fd = openSync(path.join(stores.root, shard, userId, 'user.db'), 'r+');
  writeSync(fd, Buffer.alloc(100, 0xee), 0, 100, 0);
  closeSync(fd);
}

describe('backup and restore', () => {
  let temp: ReturnType<typeof tempDir>;
  let stores: UserStores;

  beforeEach(() => {
    temp = tempDir();
    stores = createUserStores({
      root: path.join(temp.dir, 'users'),
      durability: 'normal',
      idleTimeoutMs: 0,
      dualWrite: true,
    });
  });

  afterEach(() => {
    stores.close();
    temp.remove();
  });

  it('backs a user up online and restores that point in time', async () => {
    const alice = stores.user('alice');
    alice.put('notes', 'before', { n: 1 });
    const destination = path.join(temp.dir, 'backups', 'alice.db');
    const backup = stores.backup('alice', destination);
    alice.put('notes', 'during', { n: 2 }); // the store stays usable while the copy runs
    expect(await backup).toMatchObject({ userId: 'alice', destination });
    alice.put('notes', 'after', { n: 3 });

    await stores.restore('alice', destination);
    const restored = stores.user('alice');
    expect(restored.get('notes', 'before')?.body).toEqual({ n: 1 });
    expect(restored.get('notes', 'after')).toBeUndefined();
    expect(restored.put('notes', 'next', {}).version).toBe(1);
  });

  it('brings a quarantined user back from a backup and resyncs the aggregate', async () => {
    const aggregate = openAggregateStore({ file: path.join(temp.dir, 'aggregate.db') });
    const relay = new OutboxRelay({ stores, aggregate });
    try {
      stores.user('alice').put('notes', 'n1', { n: 1 });
      const destination = path.join(temp.dir, 'alice.db');
      await stores.backup('alice', destination);
      stores.user('alice').put('notes', 'n2', { n: 2 });
      relay.runOnce();
      stores.close();
      corrupt(stores, 'alice');

      stores = createUserStores({
        root: path.join(temp.dir, 'users'),
        durability: 'normal',
        idleTimeoutMs: 0,
        dualWrite: true,
      });
      expect(() => stores.user('alice').get('notes', 'n1')).toThrow(StoreQuarantinedError);
      expect(() => stores.user('alice').get('notes', 'n1')).toThrow(StoreQuarantinedError);
      expect(stores.quarantineReason('alice')).toBe('SQLITE_NOTADB');

      await stores.restore('alice', destination);
      expect(stores.quarantineReason('alice')).toBeUndefined();
      expect(stores.statistics.quarantinedUsers).toBe(0);
      expect(
        stores
          .user('alice')
          .list('notes')
          .map((d) => d.id),
      ).toEqual(['n1']);

      const resync = new OutboxRelay({ stores, aggregate });
      resync.resyncUser('alice');
      resync.stop();
      expect(aggregate.query('notes', { userId: 'alice' }).map((d) => d.id)).toEqual(['n1']);
    } finally {
      relay.stop();
      aggregate.close();
    }
  });

  it('refuses a damaged backup without touching the user', async () => {
    stores.user('alice').put('notes', 'n1', {});
    const bogus = path.join(temp.dir, 'bogus.db');
    writeFileSync(bogus, Buffer.alloc(8192, 0x41));
    await expect(stores.restore('alice', bogus)).rejects.toThrow(StoreIoError);
    expect(stores.user('alice').get('notes', 'n1')?.version).toBe(1);
  });

  it('refuses a backup into the store’s own folders, which overwrote another user’s live database', async () => {
    stores.user('alice').put('notes', 'a', { owner: 'alice' });
    const bob = stores.user('bob');
    bob.put('notes', 'b', { owner: 'bob' });
    const shard = readdirSync(stores.root).find((name) =>
      existsSync(path.join(stores.root, name, 'bob')),
    )!;
    symlinkSync(stores.root, path.join(temp.dir, 'link'));
    for (const destination of [
      path.join(stores.root, shard, 'bob', 'user.db'),
      path.join(temp.dir, 'link', shard, 'bob', 'user.db'),
      path.join(stores.root, shard, 'alice.bak'),
      path.join(temp.dir, 'link', '.quarantine', 'alice.db'),
      path.join(stores.root, '.requests', 'alice.db'),
      stores.root,
    ]) {
      await expect(stores.backup('alice', destination)).rejects.toThrow(StoreUnsafePathError);
    }
    expect(bob.get('notes', 'b')?.body).toEqual({ owner: 'bob' });
    expect(bob.get('notes', 'a')).toBeUndefined();
    expect(existsSync(path.join(stores.root, '.quarantine'))).toBe(false);
    // Other files in the root are not the store's.
    await stores.backup('alice', path.join(stores.root, 'backups', 'alice.db'));
    expect(stores.listUsers()).toEqual(['alice', 'bob']);
  });
});
