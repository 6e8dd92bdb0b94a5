import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { breakerRegistry, retryStatistics } from '@ballast/resilience';
import Database from 'better-sqlite3';
import {
  makeDataDir,
  type NotesFixture,
  removeDir,
  startNotes,
  userDatabase,
} from './support/notesFixture.js';

let notes: NotesFixture | undefined;
let dataDir: string;

afterEach(async () => {
  await notes?.close();
  notes = undefined;
  removeDir(dataDir);
});

/** Overwrites a closed database with bytes that are not SQLite (SQLITE_NOTADB on open). */
function corrupt(file: string): void {
  for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  writeFileSync(file, Buffer.alloc(8192, 0x5a));
}

describe('one sick user database', () => {
  it("fails only its user: quarantine, then that user's breaker opens while another user works", async () => {
    dataDir = makeDataDir();
    notes = await startNotes({ breakerFailures: 3 }, dataDir);
    const alice = notes.app.keys.add('alice');
    const bob = notes.app.keys.add('bob');
    await notes.call('POST', '/notes', { key: alice, body: { title: 'a' } });
    await notes.call('POST', '/notes', { key: bob, body: { title: 'b' } });
    await notes.close();
    corrupt(userDatabase(dataDir, 'alice'));

    notes = await startNotes({ breakerFailures: 3 }, dataDir);
    const first = await notes.call('GET', '/notes', { key: alice });
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('BALLAST_ERR_STORE_QUARANTINED');
    for (let i = 0; i < 2; i++) await notes.call('GET', '/notes', { key: alice });
    const refused = await notes.call('GET', '/notes', { key: alice });
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('BALLAST_ERR_CIRCUIT_OPEN');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    for (let i = 0; i < 5; i++) {
      expect((await notes.call('GET', '/notes', { key: bob })).status).toBe(200);
      expect(
        (await notes.call('POST', '/notes', { key: bob, body: { title: `b${i}` } })).status,
      ).toBe(201);
    }
    const breakers = breakerRegistry(notes.app.runtime);
    expect(breakers.state('notes.read', 'alice')).toBe('OPEN');
    expect(breakers.state('notes.read', 'bob')).toBe('CLOSED');
    expect(notes.app.data.stores.quarantineReason('alice')).toBe('SQLITE_NOTADB');
    expect(existsSync(path.join(dataDir, 'users', '.quarantine'))).toBe(true);
  });

  it('serves the last-known-good note, marked degraded, while the store fails', async () => {
    dataDir = makeDataDir();
    notes = await startNotes({ maxOpenStores: 1 }, dataDir);
    const alice = notes.app.keys.add('alice');
    const bob = notes.app.keys.add('bob');
    const created = await notes.call('POST', '/notes', {
      key: alice,
      body: { title: 'remember me' },
    });
    const fresh = await notes.call('GET', `/notes/${created.body.id}`, { key: alice });
    expect(fresh.status).toBe(200);
    // Opening bob's database evicts alice's (one open at most), so her file can be swapped.
    await notes.call('GET', '/notes', { key: bob });
    corrupt(userDatabase(dataDir, 'alice'));

    const degraded = await notes.call('GET', `/notes/${created.body.id}`, { key: alice });
    expect(degraded.status).toBe(200);
    expect(degraded.body).toEqual(fresh.body);
    expect(degraded.headers['x-notes-degraded']).toBe('last-known-good');
    // Nothing remembered for this read: the failure shows.
    const neverRead = await notes.call('GET', '/notes?limit=5', { key: alice });
    expect(neverRead.status).toBe(503);
    expect(
      (await notes.call('GET', '/notes', { key: bob })).headers['x-notes-degraded'],
    ).toBeUndefined();
  });

  it('logs failed calls to notes.log under the data dir', async () => {
    dataDir = makeDataDir();
    notes = await startNotes({}, dataDir);
    const alice = notes.app.keys.add('alice');
    await notes.call('POST', '/notes', { key: alice, body: { title: 'x' } });
    await notes.close();
    corrupt(userDatabase(dataDir, 'alice'));
    notes = await startNotes({}, dataDir);
    expect(
      (await notes.call('GET', '/notes', { key: alice, headers: { 'x-request-id': 'req-42' } }))
        .status,
    ).toBe(503);
    await notes.close();
    notes = undefined;
    const lines = readFileSync(path.join(dataDir, 'notes.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        service: 'NotesService',
        method: 'list',
        outcome: 'error',
        requestId: 'req-42',
      }),
    );
  });
});

describe('a busy user database', () => {
  it('retries a write on SQLITE_BUSY, answers 503 with Retry-After once attempts run out, and keeps reads working', async () => {
    dataDir = makeDataDir();
    notes = await startNotes({ busyAttempts: 3 }, dataDir);
    const alice = notes.app.keys.add('alice');
    const created = await notes.call('POST', '/notes', { key: alice, body: { title: 'first' } });
    // Another connection holds the write lock (a second process, a long job).
    const other = new Database(userDatabase(dataDir, 'alice'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const refused = await notes.call('POST', '/notes', { key: alice, body: { title: 'second' } });
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('BALLAST_ERR_STORE_BUSY');
      expect(refused.headers['retry-after']).toBe('1');
      expect(retryStatistics(notes.app.runtime).get('NotesService.create')).toMatchObject({
        failedWithRetry: 1,
      });
      // WAL: readers are never blocked by the writer.
      expect((await notes.call('GET', `/notes/${created.body.id}`, { key: alice })).status).toBe(
        200,
      );
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(
      (await notes.call('POST', '/notes', { key: alice, body: { title: 'second' } })).status,
    ).toBe(201);
    expect(breakerRegistry(notes.app.runtime).state('notes.write', 'alice')).toBe('CLOSED');
  });
});

describe('a full disk', () => {
  it('makes only writes fail (503 read-only) without tripping the write breaker; reads keep working', async () => {
    dataDir = makeDataDir();
    notes = await startNotes({ breakerFailures: 2 }, dataDir);
    const alice = notes.app.keys.add('alice');
    const created = await notes.call('POST', '/notes', { key: alice, body: { title: 'kept' } });
    // SQLite's page limit on the open connection behaves like a full disk (SQLITE_FULL).
    notes.app.data.stores
      .user('alice')
      .read((db) =>
        db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`),
      );
    for (let i = 0; i < 4; i++) {
      const refused = await notes.call('POST', '/notes', {
        key: alice,
        body: { title: 'big', text: 'x'.repeat(15_000) },
      });
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('BALLAST_ERR_STORE_READ_ONLY');
    }
    expect(breakerRegistry(notes.app.runtime).state('notes.write', 'alice')).toBe('CLOSED');
    const read = await notes.call('GET', `/notes/${created.body.id}`, { key: alice });
    expect(read.status).toBe(200);
    expect(read.headers['x-notes-degraded']).toBeUndefined();
  });
});
