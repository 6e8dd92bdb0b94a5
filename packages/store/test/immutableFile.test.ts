import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { errorCode } from '@ballast/core';
import {
  StoreIoError,
  StoreReadOnlyError,
  createUserStores,
  type UserStores,
} from '@ballast/store';
import { ManualClock } from '@ballast/testing';
import { tempDir } from './support/tempDir.js';

/*
 * Real SQLite failures from files made immutable with `chattr +i`, which stops even root (plain
 * permissions do not). Observed with SQLite 3.53 on ext4, journal mode WAL:
 * - `user.db-wal` immutable under an open connection: every commit fails with SQLITE_IOERR_WRITE.
 * - `user.db` immutable when a connection opens it: SQLite falls back to a read-only descriptor and
 *   every write fails with SQLITE_READONLY, on that connection even after `chattr -i`.
 * - `user.db` immutable under an open connection: commits still succeed (they go to the WAL; only
 *   the checkpoint fails), so it is not a way to provoke either code.
 * - `user.db-shm` must never be made immutable: SQLite has it mapped and the process dies of SIGBUS.
 */

const PROBE_MS = 5_000;
const NEIGHBOURS = ['ann', 'ben', 'cat', 'dan'];

function setImmutable(file: string, on: boolean): void {
  execFileSync('chattr', [on ? '+i' : '-i', file], { stdio: 'ignore' });
}

/** Why immutable files cannot be tested here, or undefined when `chattr +i` stops a root write. */
function immutableFilesMissing(): string | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ballast-chattr-'));
  const file = path.join(dir, 'probe');
  writeFileSync(file, '');
  try {
    try {
      setImmutable(file, true);
    } catch (error) {
      return errorCode(error) === 'ENOENT'
        ? 'chattr is not installed (apt-get install -y e2fsprogs)'
        : `chattr +i is not supported in ${os.tmpdir()} (needs ext4, xfs or btrfs)`;
    }
    try {
      writeFileSync(file, 'x');
    } catch {
      return undefined;
    }
    return `chattr +i does not stop writes in ${os.tmpdir()} (needs ext4, xfs or btrfs)`;
  } finally {
    try {
      setImmutable(file, false);
    } catch {
      // never set, or chattr missing: nothing to undo
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

// Chosen at load time so a machine without chattr reports why instead of failing.
const missing = immutableFilesMissing();
if (missing !== undefined) console.warn(`immutableFile.test.ts skipped: ${missing}.`);
const describeWithChattr = missing === undefined ? describe : describe.skip;

function userFile(stores: UserStores, userId: string): string {
  const shard = readdirSync(stores.root).find((name) =>
    existsSync(path.join(stores.root, name, userId)),
  );
  return path.join(stores.root, shard!, userId, 'user.db');
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describeWithChattr('a user whose database file is immutable (chattr +i)', () => {
  const clock = new ManualClock(1_700_000_000_000);
  let temp: ReturnType<typeof tempDir>;
  let immutable: string[];
  let open: UserStores[];
  /** Every acknowledged write: `user/id` → [version, body]. */
  let acknowledged: Map<string, [number, unknown]>;
  let changes: string[];

  const start = (): UserStores => {
    const stores = createUserStores({
      root: temp.dir,
      durability: 'full',
      clock,
      idleTimeoutMs: 0,
      readOnlyProbeMs: PROBE_MS,
      ioErrorThreshold: 3,
    });
    stores.events.on('store.readOnly', (e) => changes.push(`readOnly ${e.userId} ${e.reason}`));
    stores.events.on('store.recovered', (e) =>
      changes.push(`recovered ${e.userId} after ${e.readOnlyMs}ms`),
    );
    open.push(stores);
    return stores;
  };
  const put = (stores: UserStores, userId: string, id: string, body: unknown): void => {
    const { version } = stores.user(userId).put('notes', id, body);
    acknowledged.set(`${userId}/${id}`, [version, body]);
  };
  const freeze = (file: string): void => {
    immutable.push(file);
    setImmutable(file, true);
  };
  const thaw = (): void => {
    for (const file of immutable.splice(0)) setImmutable(file, false);
  };
  /** Writes and reads of every neighbour, checked on the spot. */
  const neighboursWork = (stores: UserStores, id: string): void => {
    for (const userId of NEIGHBOURS) {
      put(stores, userId, id, { userId, id });
      expect(stores.user(userId).get('notes', id)?.body).toEqual({ userId, id });
    }
  };
  /** After a restart: every acknowledged write is there, the refused ones are not. */
  const nothingLost = (refused: string[]): void => {
    const stores = start();
    for (const [key, [version, body]] of acknowledged) {
      const [userId, id] = key.split('/') as [string, string];
      expect(stores.user(userId).get('notes', id)).toMatchObject({ version, body });
    }
    for (const id of refused) expect(stores.user('stuck').get('notes', id)).toBeUndefined();
  };

  beforeEach(() => {
    temp = tempDir(); // os.tmpdir(): /dev/shm is tmpfs, where chattr may not apply
    immutable = [];
    open = [];
    acknowledged = new Map();
    changes = [];
  });

  afterEach(() => {
    try {
      thaw(); // an immutable file cannot be deleted, not even by root
    } finally {
      for (const stores of open) stores.close();
      temp.remove();
    }
  });

  it('answers real SQLITE_IOERR_WRITE with StoreIoError, goes read-only on the third in a row, and recovers on the probe after chattr -i', () => {
    const stores = start();
    for (const userId of ['stuck', ...NEIGHBOURS]) put(stores, userId, 'n1', { userId });
    put(stores, 'stuck', 'n2', { text: 'before' });
    const stuck = stores.user('stuck');
    const wal = `${userFile(stores, 'stuck')}-wal`;
    expect(existsSync(wal)).toBe(true);
    freeze(wal);

    for (const attempt of [1, 2]) {
      const error = thrown(() => stuck.put('notes', `refused${attempt}`, { attempt }));
      expect(error).toBeInstanceOf(StoreIoError);
      expect(error).toMatchObject({
        code: 'BALLAST_ERR_STORE_IO',
        retryable: true,
        userId: 'stuck',
      });
      expect(errorCode((error as StoreIoError).cause)).toBe('SQLITE_IOERR_WRITE');
      expect(stuck.readOnlyReason).toBeUndefined();
      neighboursWork(stores, `during-io${attempt}`);
    }
    const third = thrown(() => stuck.put('notes', 'refused3', {}));
    expect(third).toBeInstanceOf(StoreReadOnlyError);
    expect(third).toMatchObject({
      code: 'BALLAST_ERR_STORE_READ_ONLY',
      retryable: false,
      reason: 'SQLITE_IOERR_WRITE',
    });
    expect(errorCode((third as StoreReadOnlyError).cause)).toBe('SQLITE_IOERR_WRITE');
    expect(stuck.readOnlyReason).toBe('SQLITE_IOERR_WRITE');
    expect(changes).toEqual(['readOnly stuck SQLITE_IOERR_WRITE']);

    expect(stuck.get('notes', 'n2')?.body).toEqual({ text: 'before' });
    expect(stuck.list('notes').map((doc) => doc.id)).toEqual(['n1', 'n2']);
    neighboursWork(stores, 'during-read-only');
    const refusedFast = thrown(() => stuck.put('notes', 'refused4', {}));
    expect(refusedFast).toMatchObject({ reason: 'SQLITE_IOERR_WRITE' });
    expect((refusedFast as StoreReadOnlyError).cause).toBeUndefined(); // refused without trying
    expect(stores.statistics).toMatchObject({
      ioErrors: 2,
      readOnlyUsers: 1,
      readOnlyRejections: 2,
    });

    thaw();
    expect(() => stuck.put('notes', 'refused5', {})).toThrow(StoreReadOnlyError); // no probe due yet
    clock.advance(PROBE_MS);
    put(stores, 'stuck', 'n2', { text: 'after' });
    expect(acknowledged.get('stuck/n2')?.[0]).toBe(2);
    expect(stuck.readOnlyReason).toBeUndefined();
    expect(changes).toEqual([
      'readOnly stuck SQLITE_IOERR_WRITE',
      `recovered stuck after ${PROBE_MS}ms`,
    ]);
    expect(stores.statistics).toMatchObject({ readOnlyUsers: 0, readOnlyRejections: 3 });
    put(stores, 'stuck', 'n3', { text: 'writable again' });

    stores.close();
    nothingLost(['refused1', 'refused2', 'refused3', 'refused4', 'refused5']);
  });

  it('answers real SQLITE_READONLY (file immutable when opened) with read-only mode for that user alone, and recovers on the probe after chattr -i', () => {
    const before = start();
    for (const userId of ['stuck', ...NEIGHBOURS]) put(before, userId, 'n1', { userId });
    put(before, 'stuck', 'n2', { text: 'before' });
    const file = userFile(before, 'stuck');
    before.close(); // the last connection checkpoints and removes the WAL: user.db holds everything
    expect(readdirSync(path.dirname(file))).toEqual(['user.db']);
    freeze(file);

    const stores = start();
    const stuck = stores.user('stuck');
    expect(stuck.get('notes', 'n2')?.body).toEqual({ text: 'before' });
    const error = thrown(() => stuck.put('notes', 'refused1', {}));
    expect(error).toBeInstanceOf(StoreReadOnlyError);
    expect(error).toMatchObject({
      code: 'BALLAST_ERR_STORE_READ_ONLY',
      retryable: false,
      userId: 'stuck',
      reason: 'SQLITE_READONLY',
    });
    expect(errorCode((error as StoreReadOnlyError).cause)).toBe('SQLITE_READONLY');
    expect(stuck.readOnlyReason).toBe('SQLITE_READONLY');
    expect(changes).toEqual(['readOnly stuck SQLITE_READONLY']);

    neighboursWork(stores, 'during-read-only');
    expect(stuck.list('notes').map((doc) => doc.id)).toEqual(['n1', 'n2']);
    expect(() => stuck.put('notes', 'refused2', {})).toThrow(StoreReadOnlyError);
    clock.advance(PROBE_MS);
    expect(() => stuck.put('notes', 'refused3', {})).toThrow(StoreReadOnlyError); // probe, still immutable
    expect(stuck.get('notes', 'n1')?.body).toEqual({ userId: 'stuck' });
    expect(stores.statistics).toMatchObject({ readOnlyUsers: 1, readOnlyRejections: 3 });

    thaw();
    expect(() => stuck.put('notes', 'refused4', {})).toThrow(StoreReadOnlyError); // no probe due yet
    clock.advance(PROBE_MS);
    put(stores, 'stuck', 'n2', { text: 'after' });
    expect(acknowledged.get('stuck/n2')?.[0]).toBe(2);
    expect(stuck.readOnlyReason).toBeUndefined();
    expect(changes).toEqual([
      'readOnly stuck SQLITE_READONLY',
      `recovered stuck after ${2 * PROBE_MS}ms`,
    ]);
    expect(stores.statistics).toMatchObject({ readOnlyUsers: 0, readOnlyRejections: 4 });
    neighboursWork(stores, 'after-recovery');

    stores.close();
    nothingLost(['refused1', 'refused2', 'refused3', 'refused4']);
  });
});
