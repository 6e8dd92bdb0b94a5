import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRuntime } from '@ballast/core';
import { OutboxRelay, createUserStores, openAggregateStore, type UserStores } from '@ballast/store';
import { startFixture, watchChild } from './support/childProcess.js';
import { tempDir } from './support/tempDir.js';

const USERS = Array.from({ length: 12 }, (_, i) => `user${i}`);

/** Writes, rewrites and deletes so every user's outbox holds several versions per document. */
function writeHistory(stores: UserStores): void {
  for (const userId of USERS) {
    const user = stores.user(userId);
    for (let round = 0; round < 3; round++) {
      for (let doc = 0; doc < 6; doc++) user.put('notes', `n${doc}`, { userId, doc, round });
    }
    user.delete('notes', 'n0');
  }
}

function userDocuments(stores: UserStores, userId: string) {
  return stores
    .user(userId)
    .list('notes')
    .map((d) => ({ userId, id: d.id, version: d.version, body: d.body }));
}

describe('dual write', () => {
  let temp: ReturnType<typeof tempDir>;
  let root: string;
  let aggregateFile: string;

  beforeEach(() => {
    temp = tempDir();
    root = path.join(temp.dir, 'users');
    aggregateFile = path.join(temp.dir, 'aggregate.db');
  });

  afterEach(() => temp.remove());

  it('makes the aggregate match every user after the relay process is killed and restarted', async () => {
    let stores = createUserStores({
      root,
      dualWrite: true,
      durability: 'normal',
      idleTimeoutMs: 0,
    });
    writeHistory(stores);
    stores.close();

    const child = startFixture('relay', [root, aggregateFile]);
    let relayed = 0;
    const exit = watchChild(child, (line) => {
      if (line.startsWith('relayed ') && ++relayed === 2) child.kill('SIGKILL');
    });
    expect((await exit).signal).toBe('SIGKILL');

    stores = createUserStores({ root, dualWrite: true, idleTimeoutMs: 0 });
    const aggregate = openAggregateStore({ file: aggregateFile });
    const relay = new OutboxRelay({ stores, aggregate });
    try {
      const pending = USERS.filter((userId) => stores.readOutbox(userId, 0, 1).length > 0);
      expect(pending.length).toBeGreaterThan(0); // the kill really left work behind
      await relay.catchUp();
      for (const userId of USERS) {
        const aggregated = aggregate
          .query('notes', { userId })
          .map((d) => ({ userId: d.userId, id: d.id, version: d.version, body: d.body }));
        expect(aggregated).toEqual(userDocuments(stores, userId));
        expect(stores.readOutbox(userId, 0, 10)).toEqual([]);
      }
      expect(aggregate.countByUser('notes')).toHaveLength(USERS.length);
      expect(await relay.catchUp()).toBe(0);
    } finally {
      relay.stop();
      aggregate.close();
      stores.close();
    }
  }, 30_000);

  it('ignores re-applied and out-of-order entries: the newer version wins', () => {
    const stores = createUserStores({
      root,
      dualWrite: true,
      durability: 'normal',
      idleTimeoutMs: 0,
    });
    const aggregate = openAggregateStore({ file: aggregateFile });
    try {
      const user = stores.user('alice');
      user.put('notes', 'n1', { v: 1 });
      user.put('notes', 'n1', { v: 2 });
      const entries = stores.readOutbox('alice', 0, 10);
      aggregate.apply('alice', [entries[1]!]);
      aggregate.apply('alice', [entries[0]!]); // late and older: ignored
      aggregate.apply('alice', entries); // again: no change
      expect(aggregate.get('alice', 'notes', 'n1')).toMatchObject({ version: 2, body: { v: 2 } });
      expect(aggregate.progress('alice')).toBe(entries[1]!.seq);
    } finally {
      aggregate.close();
      stores.close();
    }
  });

  it('relays users written since the last pass and answers all-user queries from the aggregate', () => {
    const stores = createUserStores({
      root,
      dualWrite: true,
      durability: 'normal',
      idleTimeoutMs: 0,
    });
    const aggregate = openAggregateStore({ file: aggregateFile });
    const relay = new OutboxRelay({ stores, aggregate, batchSize: 2 });
    try {
      stores.user('alice').put('notes', 'a', { tag: 'work' });
      stores.user('bob').put('notes', 'b', { tag: 'work' });
      stores.user('bob').put('notes', 'c', { tag: 'home' });
      stores.user('bob').put('notes', 'd', { tag: 'work' });
      expect(relay.runOnce()).toBe(4);
      expect(relay.runOnce()).toBe(0);
      const work = aggregate.query('notes', { where: { path: '$.tag', value: 'work' } });
      expect(work.map((d) => `${d.userId}/${d.id}`)).toEqual(['alice/a', 'bob/b', 'bob/d']);
      stores.user('bob').delete('notes', 'b');
      relay.runOnce();
      expect(aggregate.countByUser('notes')).toEqual([
        { userId: 'alice', count: 1 },
        { userId: 'bob', count: 2 },
      ]);
      expect(relay.statistics).toMatchObject({ applied: 5, failures: 0, passes: 3 });
    } finally {
      relay.stop();
      aggregate.close();
      stores.close();
    }
  });

  it('catches up on start, then relays on the runtime scheduler until the runtime is disposed', async () => {
    let stores = createUserStores({
      root,
      dualWrite: true,
      durability: 'normal',
      idleTimeoutMs: 0,
    });
    stores.user('alice').put('notes', 'left-over', {}); // written before a restart: only the catch-up finds it
    stores.close();
    jest.useFakeTimers();
    try {
      const runtime = createRuntime();
      stores = createUserStores({
        root,
        dualWrite: true,
        durability: 'normal',
        idleTimeoutMs: 0,
        runtime,
      });
      const aggregate = openAggregateStore({ file: aggregateFile });
      const relay = new OutboxRelay({ stores, aggregate, intervalMs: 1_000, runtime });
      await relay.start();
      expect(aggregate.get('alice', 'notes', 'left-over')).toBeDefined();
      stores.user('bob').put('notes', 'fresh', {});
      await jest.advanceTimersByTimeAsync(1_000);
      expect(aggregate.get('bob', 'notes', 'fresh')).toBeDefined();
      runtime.dispose();
      aggregate.close();
      expect(jest.getTimerCount()).toBe(0);
      expect(() => relay.runOnce()).toThrow(/stopped/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('writes no outbox entries when the dual write is off', () => {
    const stores = createUserStores({ root, durability: 'normal', idleTimeoutMs: 0 });
    try {
      stores.user('alice').put('notes', 'a', {});
      expect(stores.readOutbox('alice', 0, 10)).toEqual([]);
      expect(stores.takeDirtyUsers()).toEqual([]);
    } finally {
      stores.close();
    }
  });
});
