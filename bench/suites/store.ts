/**
 * Per-user SQLite stores through the notes service.
 *
 * - Put and get: the woven `NotesService` (resolved from the inversify container that
 *   `createNotesApp` builds: Timeout, Retry, keyed CircuitBreaker, last-known-good Fallback and
 *   SafeLog on every call; HTTP not started) against raw better-sqlite3 running the same
 *   statements on the same kind of files (WAL, the app's default `synchronous = FULL`, the
 *   store's schema and dual-write outbox): a put is `BEGIN IMMEDIATE; SELECT version; INSERT … ON
 *   CONFLICT …; INSERT INTO outbox …; COMMIT` with the JSON stringified, a get is one SELECT with
 *   the JSON parsed into a note. One measured op is a conditional update followed by a get of
 *   the same note, rotating over HOT_USERS users (all open), so `*_ops` count both (2 per
 *   iteration). Put-only and get-only cases are printed too. Every woven write includes the
 *   store's file-identity check (two lstat calls between the commit and the acknowledgement);
 *   every cold open its link checks and its shared lock on the user's lock file.
 * - Cold open: the first read of an existing user whose database is not open (files in the
 *   OS page cache; "cold" means not open in this process), through the woven service; p50 in ms.
 * - Sweep: one read of each of SWEEP_USERS existing users through the woven service with the
 *   default 200 open databases at most (so 9,800 LRU evictions), in seconds; printed beside it,
 *   the raw floor: open, read and close of every one of those files.
 *
 * Method: one process; `compare()` alternates the cases round by round and reports medians.
 */
import { copyFileSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createNotesApp, type Note, type NoteInput, type NotesApp } from '@ballast/notes';
import { compare, report, round } from '../measure.js';

const HOT_USERS = 64;
const COLD_USERS = 1_000;
const SWEEP_USERS = 10_000;
const INPUT: NoteInput = { title: 'Bench note', text: 'x'.repeat(200), tags: ['bench'] };

const SCHEMA = `
  CREATE TABLE docs (collection TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT,
    updated_at INTEGER NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID;
  CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, collection TEXT NOT NULL, id TEXT NOT NULL,
    version INTEGER NOT NULL, body TEXT, updated_at INTEGER NOT NULL);
  PRAGMA user_version = 1;`;
type Durability = 'normal' | 'full';
const pragmas = (durability: Durability): string =>
  `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}; PRAGMA foreign_keys = ON;`;

/** One user's database driven directly: the statements the store runs, prepared once. */
class RawUser {
  readonly db: Database.Database;
  readonly #current: Database.Statement<[string, string], [number, number]>;
  readonly #upsert: Database.Statement;
  readonly #outbox: Database.Statement;
  readonly #get: Database.Statement<[string, string], [number, string, number]>;
  readonly #write: Database.Transaction<
    (id: string, body: string, expected: number, now: number) => number
  >;

  constructor(file: string, create: boolean, durability: Durability = 'full') {
    this.db = new Database(file, { fileMustExist: !create, timeout: 50 });
    this.db.exec(pragmas(durability));
    if (create) this.db.exec(SCHEMA);
    this.#current = this.db
      .prepare<[string, string], [number, number]>(
        'SELECT version, body IS NULL FROM docs WHERE collection = ? AND id = ?',
      )
      .raw();
    this.#upsert = this.db.prepare(
      'INSERT INTO docs (collection, id, version, body, updated_at) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (collection, id) DO UPDATE SET version = excluded.version, body = excluded.body, updated_at = excluded.updated_at',
    );
    this.#outbox = this.db.prepare(
      'INSERT INTO outbox (collection, id, version, body, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#get = this.db
      .prepare<[string, string], [number, string, number]>(
        'SELECT version, body, updated_at FROM docs WHERE collection = ? AND id = ? AND body IS NOT NULL',
      )
      .raw();
    this.#write = this.db.transaction((id: string, body: string, expected: number, now: number) => {
      const row = this.#current.get('notes', id);
      const stored = row?.[0] ?? 0;
      const live = row === undefined || row[1] === 1 ? 0 : stored;
      if (expected !== live) throw new Error(`version conflict on ${id}`);
      this.#upsert.run('notes', id, stored + 1, body, now);
      this.#outbox.run('notes', id, stored + 1, body, now);
      return stored + 1;
    });
  }

  put(id: string, input: NoteInput, expected: number): number {
    return this.#write.immediate(id, JSON.stringify(input), expected, Date.now());
  }

  get(id: string): Note | undefined {
    const row = this.#get.get('notes', id);
    if (row === undefined) return undefined;
    const body = JSON.parse(row[1]) as NoteInput;
    return {
      id,
      version: row[0],
      title: body.title,
      text: body.text,
      tags: body.tags,
      updatedAt: row[2],
    };
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/**
 * Put and get, woven vs raw, alternating. Returns ns per case; with `detail`, put-only and
 * get-only cases too.
 */
async function measurePutGet(
  root: string,
  durability: Durability,
  detail: boolean,
): Promise<Record<string, number>> {
  const app = createNotesApp({ dataDir: path.join(root, `hot-${durability}`), durability });
  const users = Array.from({ length: HOT_USERS }, (_, i) => `hot-${i}`);
  const woven = new Map<string, { id: string; version: number }>();
  const raw = new Map<string, { user: RawUser; id: string; version: number }>();
  for (const userId of users) {
    const note = await app.notes.create(userId, INPUT);
    woven.set(userId, { id: note.id, version: note.version });
    const user = new RawUser(path.join(root, `raw-${durability}-${userId}.db`), true, durability);
    raw.set(userId, { user, id: note.id, version: user.put(note.id, INPUT, 0) });
  }
  let w = 0;
  let r = 0;
  const wovenPut = async (): Promise<void> => {
    const userId = users[w++ & (HOT_USERS - 1)]!;
    const entry = woven.get(userId)!;
    entry.version = (await app.notes.update(userId, entry.id, INPUT, entry.version)).version;
  };
  const rawPut = async (): Promise<void> => {
    const entry = raw.get(users[r++ & (HOT_USERS - 1)]!)!;
    entry.version = entry.user.put(entry.id, INPUT, entry.version);
  };
  const wovenGet = (): Promise<Note | undefined> => {
    const userId = users[w++ & (HOT_USERS - 1)]!;
    return app.notes.get(userId, woven.get(userId)!.id);
  };
  const rawGet = async (): Promise<Note | undefined> => {
    const entry = raw.get(users[r++ & (HOT_USERS - 1)]!)!;
    return entry.user.get(entry.id);
  };
  const mixed = await compare(
    {
      raw: async () => (await rawPut(), rawGet()),
      ballast: async () => (await wovenPut(), wovenGet()),
    },
    // fsync times swing from round to round: 45 short rounds give a median that holds still.
    { rounds: 45, iterations: durability === 'full' ? 400 : 4_000 },
  );
  const puts = detail
    ? await compare({ raw_put: rawPut, ballast_put: wovenPut }, { rounds: 15, iterations: 400 })
    : {};
  const gets = detail
    ? await compare({ raw_get: rawGet, ballast_get: wovenGet }, { rounds: 21, iterations: 20_000 })
    : {};
  // What the file-identity check adds to each woven write: lstat of the database file and its WAL.
  const file = path.join(root, `raw-${durability}-${users[0]}.db`);
  const identity = detail
    ? await compare(
        { identity_check: () => (lstatSync(file), lstatSync(`${file}-wal`)) },
        { rounds: 21, iterations: 20_000, awaitEach: false },
      )
    : {};
  await app.stop();
  for (const { user } of raw.values()) user.db.close();
  return { ...mixed, ...puts, ...gets, ...identity };
}

/** Creates `count` users (`prefix-<i>`) holding one note by restoring a template database. */
async function seedUsers(dataDir: string, prefix: string, count: number): Promise<string> {
  const app = createNotesApp({ dataDir, durability: 'normal' });
  const note = await app.notes.create('template', INPUT);
  const template = path.join(dataDir, 'template.db');
  await app.data.stores.backup('template', template);
  // Users' files are WAL databases; a backup is not, and converting it on first open would be timed.
  const wal = new Database(template);
  wal.pragma('journal_mode = WAL');
  wal.close();
  for (let i = 0; i < count; i++) await app.data.stores.restore(`${prefix}-${i}`, template);
  await app.stop();
  return note.id;
}

/** First read of each of `count` existing users, through a fresh app: ms per user. */
async function timeFirstReads(
  app: NotesApp,
  prefix: string,
  count: number,
  noteId: string,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const note = await app.notes.get(`${prefix}-${i}`, noteId);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (note === undefined) throw new Error(`user ${prefix}-${i} has no note`);
  }
  return times;
}

/** Raw cold open for comparison: open, pragmas, prepare, read, on a copy of the same file. */
function rawColdOpens(root: string, template: string, count: number, noteId: string): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) copyFileSync(template, path.join(root, `rawcold-${i}.db`));
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const user = new RawUser(path.join(root, `rawcold-${i}.db`), false);
    user.get(noteId);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    user.db.close();
  }
  return times;
}

/** The sweep's floor: open, read and close every user file under the store's root directly. */
function rawSweep(usersRoot: string, noteId: string): number {
  const files = readdirSync(usersRoot)
    .filter((shard) => !shard.startsWith('.'))
    .flatMap((shard) =>
      readdirSync(path.join(usersRoot, shard), { withFileTypes: true })
        .filter((entry) => entry.isDirectory()) // beside each user folder: its lock file
        .map((user) => path.join(usersRoot, shard, user.name, 'user.db')),
    );
  const start = process.hrtime.bigint();
  for (const file of files) {
    const user = new RawUser(file, false);
    user.get(noteId);
    user.db.close();
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function run(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ballast-bench-store-'));
  try {
    const ns = await measurePutGet(root, 'full', true);
    const normal = await measurePutGet(root, 'normal', false);

    const coldDir = path.join(root, 'cold');
    const noteId = await seedUsers(coldDir, 'user', SWEEP_USERS);
    const coldApp = createNotesApp({ dataDir: coldDir, maxOpenStores: COLD_USERS + 10 });
    const cold = await timeFirstReads(coldApp, 'user', COLD_USERS, noteId);
    await coldApp.stop();
    const rawCold = rawColdOpens(root, path.join(coldDir, 'template.db'), COLD_USERS, noteId);

    const sweepApp = createNotesApp({ dataDir: coldDir });
    const sweepStart = process.hrtime.bigint();
    await timeFirstReads(sweepApp, 'user', SWEEP_USERS, noteId);
    const sweepS = Number(process.hrtime.bigint() - sweepStart) / 1e9;
    const evictions = sweepApp.data.stores.statistics.evictions;
    await sweepApp.stop();
    const rawSweepS = rawSweep(path.join(coldDir, 'users'), noteId);

    const rawOps = 2e9 / ns.raw!;
    const ballastOps = 2e9 / ns.ballast!;
    const json = {
      raw_ops: round(rawOps, 0),
      ballast_ops: round(ballastOps, 0),
      ratio: round(ballastOps / rawOps, 3),
      cold_open_ms_p50: round(percentile(cold, 0.5), 3),
      sweep_10k_s: round(sweepS, 2),
    };
    report(
      'store: notes service (woven) vs raw better-sqlite3, synchronous FULL',
      {
        'put+get raw / woven (µs/iteration)': `${round(ns.raw! / 1e3)} / ${round(ns.ballast! / 1e3)}`,
        'put+get NORMAL raw / woven (µs)': `${round(normal.raw! / 1e3)} / ${round(normal.ballast! / 1e3)}`,
        'put+get NORMAL ratio': round(normal.raw! / normal.ballast!, 3),
        'put raw / woven (µs)': `${round(ns.raw_put! / 1e3)} / ${round(ns.ballast_put! / 1e3)}`,
        'put ratio (raw/woven time)': round(ns.raw_put! / ns.ballast_put!, 3),
        'get raw / woven (µs)': `${round(ns.raw_get! / 1e3)} / ${round(ns.ballast_get! / 1e3)}`,
        'get ratio (raw/woven time)': round(ns.raw_get! / ns.ballast_get!, 3),
        'file-identity check per write (µs)': round(ns.identity_check! / 1e3, 2),
        'cold open woven p50 / p90 (ms)': `${round(percentile(cold, 0.5), 3)} / ${round(percentile(cold, 0.9), 3)}`,
        'cold open raw p50 / p90 (ms)': `${round(percentile(rawCold, 0.5), 3)} / ${round(percentile(rawCold, 0.9), 3)}`,
        'sweep users / evictions': `${SWEEP_USERS} / ${evictions}`,
        'sweep raw open+read+close (s)': round(rawSweepS, 2),
      },
      json,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
