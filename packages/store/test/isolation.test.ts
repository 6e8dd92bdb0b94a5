import { closeSync, existsSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { ConfigError } from '@ballast/core';
import {
  StoreBusyError,
  StoreQuarantinedError,
  StoreReadOnlyError,
  createUserStores,
  type StoreQuarantinedEvent,
  type UserStores,
} from '@ballast/store';
import { ManualClock } from '@ballast/testing';
import { tempDir } from './support/tempDir.js';

const OTHERS = Array.from({ length: 100 }, (_, i) => `user${i}`);

function userFile(stores: UserStores, userId: string): string {
  const shard = readdirSync(stores.root).find((name) =>
    existsSync(path.join(stores.root, name, userId)),
  );
  return path.join(stores.root, shard!, userId, 'user.db');
}

function overwrite(file: string, offset: number, length: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  closeSync(fd);
}

describe('per-user isolation', () => {
  let temp: ReturnType<typeof tempDir>;
  const clock = new ManualClock(1_700_000_000_000);
  const open = () =>
    createUserStores({
      root: temp.dir,
      durability: 'normal',
      clock,
      idleTimeoutMs: 0,
      readOnlyProbeMs: 5_000,
      busyTimeoutMs: 10,
    });

  beforeEach(() => {
    temp = tempDir({ inMemory: true }); // 102 databases: keep disk writeback out of the test's time
  });

  afterEach(() => temp.remove());

  it('quarantines a corrupted user and keeps 100 other users fully available, also after a restart', () => {
    let stores = open();
    for (const userId of ['broken-header', 'broken-pages', ...OTHERS])
      stores.user(userId).put('notes', 'n1', { userId });
    const bulky = stores.user('broken-pages');
    for (let i = 0; i < 40; i++) bulky.put('notes', `bulk${i}`, { text: 'x'.repeat(1_000) });
    stores.close();
    overwrite(userFile(stores, 'broken-header'), 0, 100); // not a database any more: SQLITE_NOTADB
    const pagesFile = userFile(stores, 'broken-pages');
    overwrite(pagesFile, 4096, statSync(pagesFile).size - 4096); // every page after the header: SQLITE_CORRUPT

    stores = open();
    const reported: StoreQuarantinedEvent[] = [];
    stores.events.on('store.quarantined', (event) => reported.push(event));
    expect(() => stores.user('broken-header').get('notes', 'n1')).toThrow(StoreQuarantinedError);
    expect(() => stores.user('broken-pages').get('notes', 'n1')).toThrow(StoreQuarantinedError);
    expect(() => stores.user('broken-pages').put('notes', 'n2', {})).toThrow(StoreQuarantinedError);
    expect(reported.map((e) => [e.userId, e.reason])).toEqual([
      ['broken-header', 'SQLITE_NOTADB'],
      ['broken-pages', 'SQLITE_CORRUPT'],
    ]);
    for (const event of reported) expect(readdirSync(event.movedTo!)).toContain('user.db');
    expect(stores.statistics.quarantinedUsers).toBe(2);

    for (const userId of OTHERS) {
      const user = stores.user(userId);
      expect(user.get('notes', 'n1')?.body).toEqual({ userId });
      expect(user.put('notes', 'n1', { userId, again: true }).version).toBe(2);
    }
    stores.close();

    stores = open();
    try {
      const error = (() => {
        try {
          stores.user('broken-pages').get('notes', 'n1');
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(StoreQuarantinedError.is(error)).toBe(true);
      expect((error as StoreQuarantinedError).reason).toBe('SQLITE_CORRUPT');
      expect(stores.user('user7').get('notes', 'n1')?.version).toBe(2);
    } finally {
      stores.close();
    }
  });

  it('turns a full disk into read-only mode for that user only, then recovers on a probe write', () => {
    const stores = open();
    try {
      const full = stores.user('full');
      full.put('notes', 'n1', { text: 'kept' });
      const pages = full.read((db) => db.pragma('page_count', { simple: true }) as number);
      full.read((db) => db.pragma(`max_page_count = ${pages}`)); // the "disk" has no room left
      const changes: string[] = [];
      stores.events.on('store.readOnly', (e) => changes.push(`readOnly ${e.userId} ${e.reason}`));
      stores.events.on('store.recovered', (e) => changes.push(`recovered ${e.userId}`));

      const write = () => full.put('notes', 'big', { text: 'y'.repeat(20_000) });
      expect(write).toThrow(StoreReadOnlyError);
      expect(full.readOnlyReason).toBe('SQLITE_FULL');
      expect(full.get('notes', 'n1')?.body).toEqual({ text: 'kept' });
      expect(stores.user('neighbour').put('notes', 'n1', {}).version).toBe(1);
      expect(stores.statistics.readOnlyUsers).toBe(1);

      full.read((db) => db.pragma('max_page_count = 1000000')); // room again, but no probe is due yet
      expect(write).toThrow(StoreReadOnlyError);
      clock.advance(5_000);
      expect(write().version).toBe(1);
      expect(full.readOnlyReason).toBeUndefined();
      expect(changes).toEqual(['readOnly full SQLITE_FULL', 'recovered full']);
      expect(stores.statistics).toMatchObject({ readOnlyUsers: 0, readOnlyRejections: 2 });
    } finally {
      stores.close();
    }
  });

  it('answers a write blocked by another connection with a retryable StoreBusyError, reads still served', () => {
    const stores = open();
    const blocker = (() => {
      stores.user('busy').put('notes', 'n1', { v: 1 });
      return new Database(userFile(stores, 'busy'));
    })();
    try {
      blocker.exec('BEGIN IMMEDIATE'); // another process holding the write lock
      const busy = stores.user('busy');
      let error: unknown;
      try {
        busy.put('notes', 'n1', { v: 2 });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(StoreBusyError);
      expect(error).toMatchObject({
        code: 'BALLAST_ERR_STORE_BUSY',
        retryable: true,
        userId: 'busy',
      });
      expect(busy.get('notes', 'n1')?.body).toEqual({ v: 1 }); // WAL readers do not wait for writers
      expect(busy.readOnlyReason).toBeUndefined();
      blocker.exec('ROLLBACK');
      expect(busy.put('notes', 'n1', { v: 2 }).version).toBe(2);
      expect(stores.statistics.busyErrors).toBe(1);
    } finally {
      blocker.close();
      stores.close();
    }
  });

  it('keeps a user read-only when the probe write fails again', () => {
    const stores = open();
    try {
      const full = stores.user('full');
      full.put('notes', 'n1', {});
      full.read((db) =>
        db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`),
      );
      const write = () => full.put('notes', 'big', { text: 'y'.repeat(20_000) });
      expect(write).toThrow(StoreReadOnlyError);
      clock.advance(5_000);
      expect(write).toThrow(StoreReadOnlyError);
      expect(full.readOnlyReason).toBe('SQLITE_FULL');
    } finally {
      stores.close();
    }
  });

  it('refuses a quarantine reason that is not text instead of leaving the user failing with a TypeError', () => {
    const stores = open();
    try {
      stores.user('alice').put('notes', 'n1', { v: 1 });
      for (const reason of [Symbol('x'), undefined, 42, '']) {
        expect(() => stores.quarantine('alice', reason as string)).toThrow(ConfigError);
      }
      expect(stores.quarantineReason('alice')).toBeUndefined();
      expect(stores.user('alice').get('notes', 'n1')?.body).toEqual({ v: 1 });
    } finally {
      stores.close();
    }
  });
});
