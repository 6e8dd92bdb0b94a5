import { describe, expect, it } from '@jest/globals';
import type { Database } from 'better-sqlite3';
import type { FileIdentity } from '../files/FileIdentity.js';
import { StoreStatistics } from '../stores/StoreStatistics.js';
import { HandlePool } from './HandlePool.js';
import { UserHandle } from './UserHandle.js';

const identity = { changed: () => undefined } as unknown as FileIdentity;

function fakeHandle(key: string, closed: string[]): UserHandle {
  const db = { open: true, close: () => closed.push(key) } as unknown as Database;
  return new UserHandle(key, key.split('/')[0]!, `/tmp/${key}`, db, identity, () => {});
}

describe('HandlePool', () => {
  it('evicts the least recently used handle when full', () => {
    const closed: string[] = [];
    const stats = new StoreStatistics();
    const pool = new HandlePool(2, 5, stats);
    pool.add(fakeHandle('a', closed));
    pool.add(fakeHandle('b', closed));
    pool.get('a');
    pool.add(fakeHandle('c', closed));
    expect(closed).toEqual(['b']);
    expect(pool.peek('a')).toBeDefined();
    expect(stats).toMatchObject({ openHandles: 2, evictions: 1 });
  });

  it('closes handles unused for the idle ticks, oldest first, and keeps used ones', () => {
    const closed: string[] = [];
    const stats = new StoreStatistics();
    const pool = new HandlePool(10, 2, stats);
    pool.add(fakeHandle('a', closed));
    pool.add(fakeHandle('b', closed));
    pool.sweep();
    pool.get('b');
    pool.sweep();
    expect(closed).toEqual(['a']);
    pool.sweep();
    expect(closed).toEqual(['a', 'b']);
    expect(stats).toMatchObject({ openHandles: 0, idleCloses: 2 });
  });

  it('closes every handle of one user and leaves the others', () => {
    const closed: string[] = [];
    const pool = new HandlePool(10, 5, new StoreStatistics());
    for (const key of ['alice', 'alice/events.2026-01.db', 'bob'])
      pool.add(fakeHandle(key, closed));
    pool.closeUser('alice');
    expect(closed.sort()).toEqual(['alice', 'alice/events.2026-01.db']);
    expect(pool.peek('bob')).toBeDefined();
  });

  it('counts a close that throws instead of failing the caller', () => {
    const stats = new StoreStatistics();
    const pool = new HandlePool(1, 5, stats);
    const db = {
      open: true,
      close: () => {
        throw new Error('disk gone');
      },
    } as unknown as Database;
    pool.add(new UserHandle('a', 'a', '/tmp/a', db, identity, () => {}));
    expect(() => pool.add(fakeHandle('b', []))).not.toThrow();
    expect(stats.closeErrors).toBe(1);
  });
});
