import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { errorCode } from '@ballast/core';
import {
  StoreClosedError,
  StoreLockedError,
  StoreQuarantinedError,
  createUserStores,
  type UserStores,
} from '@ballast/store';
import { ManualClock } from '@ballast/testing';
import { startFixture, talkTo, type ChildSession } from './support/childProcess.js';
import { tempDir } from './support/tempDir.js';
import { docIds, thrown } from './support/userFiles.js';

describe('one process at a time owns a user’s files', () => {
  let temp: ReturnType<typeof tempDir>;
  let root: string;
  let server: UserStores;
  let operator: ChildSession | undefined;

  function startOperator(...args: string[]): ChildSession {
    const child = startFixture('operator', [root, ...args]);
    operator = talkTo(child);
    return operator;
  }

  beforeEach(() => {
    temp = tempDir();
    root = path.join(temp.dir, 'users');
    // This test process plays the server: it holds the user's files open between requests.
    server = createUserStores({ root, idleTimeoutMs: 0, durability: 'normal', releasePollMs: 20 });
  });

  afterEach(async () => {
    if (operator !== undefined) {
      operator.kill();
      await operator.exited;
      operator = undefined;
    }
    server.close();
    temp.remove();
  });

  it('a quarantine by another process takes effect at once: no write is acknowledged into the moved files', async () => {
    const alice = server.user('alice');
    const acknowledged: string[] = [];
    const refused = new Set<string>();
    for (let i = 0; i < 5; i++) acknowledged.push(alice.put('docs', `before-${i}`, {}).id);
    const cli = startOperator();
    await cli.ready;

    let answer: string | undefined;
    const quarantined = cli.ask('quarantine alice operator').then((line) => (answer = line));
    for (let i = 0; answer === undefined; i++) {
      try {
        acknowledged.push(alice.put('docs', `during-${String(i).padStart(6, '0')}`, {}).id);
      } catch (error) {
        refused.add(errorCode(error)!);
      }
      await nextTurn();
    }
    await quarantined;
    const movedTo = /^done quarantine (.+)$/.exec(answer)![1]!;
    expect(docIds(path.join(movedTo, 'user.db')).sort()).toEqual(acknowledged.sort());
    // Refused while the operator waited and moved the files; quarantined once they were moved.
    for (const code of refused)
      expect([StoreLockedError.code, StoreQuarantinedError.code]).toContain(code);
    expect(thrown(() => alice.put('docs', 'after', {}))).toBeInstanceOf(StoreQuarantinedError);
    expect(server.quarantineReason('alice')).toBe('operator');
  }, 30_000);

  it('a restore by another process takes effect in the running server without a restart', async () => {
    const alice = server.user('alice');
    alice.put('docs', 'kept', {});
    const backup = path.join(temp.dir, 'alice.bak');
    await server.backup('alice', backup);
    alice.put('docs', 'lost', {});
    const cli = startOperator();
    await cli.ready;

    expect(await cli.ask(`restore alice ${backup}`)).toBe('done restore');
    expect(alice.get('docs', 'lost')).toBeUndefined();
    expect(alice.get('docs', 'kept')?.version).toBe(1);
    expect(alice.put('docs', 'next', {}).version).toBe(1);

    await server.quarantine('alice', 'operator');
    expect(() => alice.get('docs', 'kept')).toThrow(StoreQuarantinedError);
    expect(await cli.ask(`restore alice ${backup}`)).toBe('done restore');
    expect(server.quarantineReason('alice')).toBeUndefined();
    expect(alice.get('docs', 'kept')?.version).toBe(1);
  }, 30_000);

  it('a process killed while holding a user never blocks it', async () => {
    const cli = startOperator();
    await cli.ready;
    expect(await cli.ask('put alice from-child')).toBe('ack from-child'); // holds alice open
    operator = undefined;
    cli.kill('SIGKILL');
    await cli.exited;
    const backup = path.join(temp.dir, 'alice.bak');
    await server.backup('alice', backup);
    server.close();
    server = createUserStores({ root, idleTimeoutMs: 0, lockWaitMs: 0 }); // no waiting at all
    await server.restore('alice', backup);
    expect(server.user('alice').get('docs', 'from-child')?.version).toBe(1);
  }, 30_000);

  it('a restore gives up with StoreLockedError when the holder does not let go in time', async () => {
    const cli = startOperator('10000'); // looks for requests every 10 s only
    await cli.ready;
    expect(await cli.ask('put alice from-child')).toBe('ack from-child');
    server.close();
    server = createUserStores({ root, idleTimeoutMs: 0, lockWaitMs: 200 });
    const backup = path.join(temp.dir, 'bogus-but-valid.db');
    new Database(backup).close();
    const error = await server.restore('alice', backup).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreLockedError);
    expect((error as Error).message).toContain('did not let go of them within 200 ms');
    expect(await cli.ask('put alice still-there')).toBe('ack still-there');
  }, 30_000);
});

describe('release requests', () => {
  it('are honoured while fresh and dropped once stale (their process died waiting)', () => {
    const temp = tempDir();
    const clock = new ManualClock(1_700_000_000_000);
    const stores = createUserStores({ root: temp.dir, idleTimeoutMs: 0, clock });
    try {
      stores.user('alice').put('docs', 'd1', {});
      const requests = path.join(stores.root, '.requests');
      mkdirSync(requests, { recursive: true });
      const request = path.join(requests, 'alice~4242~0a0b');
      writeFileSync(request, '');
      clock.advance(100); // the release poll runs
      expect(() => stores.user('alice').get('docs', 'd1')).toThrow(StoreLockedError);
      const old = (Date.now() - 200_000) / 1000;
      utimesSync(request, old, old);
      clock.advance(100);
      expect(stores.user('alice').get('docs', 'd1')?.version).toBe(1);
    } finally {
      stores.close();
      temp.remove();
    }
  });

  it('end when the store closes, instead of keeping the process waiting', async () => {
    const temp = tempDir();
    const holder = createUserStores({ root: temp.dir, idleTimeoutMs: 0, releasePollMs: 10_000 });
    const stores = createUserStores({ root: temp.dir, idleTimeoutMs: 0, lockWaitMs: 60_000 });
    try {
      holder.user('alice').put('docs', 'd1', {}); // holds alice and does not look for requests
      const backup = path.join(temp.dir, 'alice.bak');
      await holder.backup('alice', backup);
      const restoring = stores.restore('alice', backup).catch((error: unknown) => error);
      stores.close();
      expect(await restoring).toBeInstanceOf(StoreClosedError);
    } finally {
      holder.close();
      temp.remove();
    }
  });
});
