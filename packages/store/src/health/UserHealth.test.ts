import { describe, expect, it, jest } from '@jest/globals';
import { EventBus } from '@ballast/core';
import type { Database } from 'better-sqlite3';
import {
  StoreBusyError,
  StoreIoError,
  StoreQuarantinedError,
  StoreReadOnlyError,
} from '../errors/storeErrors.js';
import type { FileIdentity } from '../files/FileIdentity.js';
import { UserHandle } from '../pool/UserHandle.js';
import { StoreStatistics } from '../stores/StoreStatistics.js';
import { ManualClock } from '@ballast/testing';
import { UserHealth } from './UserHealth.js';

const sqliteError = (code: string) => Object.assign(new Error(code), { code });

function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const events = new EventBus();
  const stats = new StoreStatistics();
  const quarantine = jest.fn(
    (userId: string, reason: string) => new StoreQuarantinedError(userId, reason),
  );
  const health = new UserHealth({
    clock,
    events,
    stats,
    readOnlyProbeMs: 1000,
    ioErrorThreshold: 3,
    quarantine,
  });
  const identity = { changed: () => undefined } as unknown as FileIdentity;
  const handle = new UserHandle('alice', 'alice', '/tmp/alice', {} as Database, identity, () => {});
  return { clock, events, stats, quarantine, health, handle };
}

describe('UserHealth', () => {
  it('turns BUSY into a retryable StoreBusyError without changing state', () => {
    const { health, handle, stats } = setup();
    const error = health.failure('alice', handle, sqliteError('SQLITE_BUSY'), true);
    expect(error).toBeInstanceOf(StoreBusyError);
    expect((error as StoreBusyError).retryable).toBe(true);
    expect(health.readOnlyReason('alice')).toBeUndefined();
    expect(stats.busyErrors).toBe(1);
  });

  it('goes read-only on FULL, refuses writes fast, and lets one probe through per interval', () => {
    const { health, handle, clock, events, stats } = setup();
    const seen: string[] = [];
    events.on('store.readOnly', (e) => seen.push(`readOnly:${e.reason}`));
    events.on('store.recovered', (e) => seen.push(`recovered:${e.readOnlyMs}`));
    expect(health.failure('alice', handle, sqliteError('SQLITE_FULL'), true)).toBeInstanceOf(
      StoreReadOnlyError,
    );
    expect(stats.readOnlyUsers).toBe(1);
    expect(() => health.beforeWrite('alice')).toThrow(StoreReadOnlyError);
    expect(() => health.beforeWrite('bob')).not.toThrow();
    clock.advance(1000);
    expect(() => health.beforeWrite('alice')).not.toThrow(); // the probe
    expect(() => health.beforeWrite('alice')).toThrow(StoreReadOnlyError); // only one per interval
    clock.advance(500);
    health.afterWrite(handle);
    expect(health.readOnlyReason('alice')).toBeUndefined();
    expect(seen).toEqual(['readOnly:SQLITE_FULL', 'recovered:1500']);
    expect(stats.readOnlyUsers).toBe(0);
  });

  it('asks for fresh connections on the probes of a store made read-only by SQLITE_READONLY only', () => {
    const { health, handle, clock } = setup();
    health.failure('alice', handle, sqliteError('SQLITE_READONLY'), true);
    health.failure('bob', handle, sqliteError('SQLITE_FULL'), true);
    expect(health.beforeWrite('carol')).toBe(false);
    clock.advance(1000);
    expect(health.beforeWrite('alice')).toBe(true);
    expect(health.beforeWrite('bob')).toBe(false);
  });

  it('keeps reads failing on FULL as plain errors rather than read-only mode', () => {
    const { health, handle } = setup();
    const error = sqliteError('SQLITE_FULL');
    expect(health.failure('alice', handle, error, false)).toBe(error);
    expect(health.readOnlyReason('alice')).toBeUndefined();
  });

  it('treats a single IOERR as retryable and the third in a row as read-only', () => {
    const { health, handle } = setup();
    expect(health.failure('alice', handle, sqliteError('SQLITE_IOERR_WRITE'), true)).toBeInstanceOf(
      StoreIoError,
    );
    health.afterWrite(handle);
    expect(health.failure('alice', handle, sqliteError('SQLITE_IOERR_WRITE'), true)).toBeInstanceOf(
      StoreIoError,
    );
    expect(health.failure('alice', handle, sqliteError('SQLITE_IOERR_WRITE'), true)).toBeInstanceOf(
      StoreIoError,
    );
    const third = health.failure('alice', handle, sqliteError('SQLITE_IOERR_FSYNC'), true);
    expect(third).toBeInstanceOf(StoreReadOnlyError);
    expect((third as StoreReadOnlyError).reason).toBe('SQLITE_IOERR_FSYNC');
  });

  it('hands CORRUPT and NOTADB to the quarantine with their SQLite code', () => {
    const { health, handle, quarantine } = setup();
    const corrupt = sqliteError('SQLITE_CORRUPT');
    const first = health.failure('alice', handle, corrupt, false);
    health.failure('bob', handle, sqliteError('SQLITE_NOTADB'), true);
    expect(first).toBeInstanceOf(StoreQuarantinedError);
    expect(quarantine.mock.calls).toEqual([
      ['alice', 'SQLITE_CORRUPT', corrupt],
      ['bob', 'SQLITE_NOTADB', expect.any(Error)],
    ]);
  });

  it('passes caller errors through untouched', () => {
    const { health, handle } = setup();
    const constraint = sqliteError('SQLITE_CONSTRAINT_UNIQUE');
    const plain = new RangeError('x');
    expect(health.failure('alice', handle, constraint, true)).toBe(constraint);
    expect(health.failure('alice', handle, plain, true)).toBe(plain);
  });
});
