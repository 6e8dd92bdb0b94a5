import path from 'node:path';
import Database from 'better-sqlite3';
import type { Statement, Transaction } from 'better-sqlite3';
import { OptionsReader } from '@ballast/core';
import { jsonCondition, queryValue, type JsonCondition } from '../documents/documentQuerySql.js';
import { InvalidDocumentError, StoreClosedError } from '../errors/storeErrors.js';
import { preparePrivateDatabase } from '../files/safePaths.js';
import { migrateDatabase } from '../migrations/migrateDatabase.js';
import { connectionPragmas, type Durability } from '../sqlite/openConnection.js';
import type { OutboxEntry } from './OutboxEntry.js';
import { readPathOption } from '../files/readPathOption.js';

/** A document as the aggregate holds it, with its owner. */
export interface AggregateDocument<T = unknown> {
  readonly userId: string;
  readonly collection: string;
  readonly id: string;
  readonly version: number;
  readonly body: T;
  readonly updatedAt: number;
}

/** Options of {@link openAggregateStore}. */
export interface AggregateStoreOptions {
  /**
   * The aggregate database file; created 0600 (its folder 0700) if missing, refused when it or its
   * WAL is a link.
   */
  readonly file: string;
  /** @default 'full' */
  readonly durability?: Durability;
  /** @default 1000 (the relay is the only writer; readers never block it under WAL) */
  readonly busyTimeoutMs?: number;
}

/** Options of {@link AggregateStore.query}. */
export interface AggregateQuery {
  /** Only this user's documents. */
  readonly userId?: string;
  /** A JSON-path filter, as in a user's `query`. */
  readonly where?: JsonCondition;
  /** @default 100 (at most 10000) */
  readonly limit?: number;
}

type Row = {
  user_id: string;
  collection: string;
  id: string;
  version: number;
  body: string;
  updated_at: number;
};

const SCHEMA = [
  {
    name: 'ballast-aggregate',
    up: (db: Database.Database) =>
      db.exec(`
        CREATE TABLE docs (
          user_id TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL,
          version INTEGER NOT NULL, body TEXT, updated_at INTEGER NOT NULL,
          PRIMARY KEY (user_id, collection, id)
        ) WITHOUT ROWID;
        CREATE INDEX docs_collection ON docs (collection, user_id) WHERE body IS NOT NULL;
        CREATE TABLE relay_progress (user_id TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;`),
  },
];

/**
 * The global aggregate of every user's documents, fed by the {@link OutboxRelay}, read by
 * all-user queries (one user's database per file cannot be joined: ATTACH stops at 10).
 * Applying is idempotent: an entry replaces the row only when its version is newer, and deletes
 * stay as tombstones so a late, older entry cannot bring a document back.
 */
export class AggregateStore {
  readonly #db: Database.Database;
  readonly #upsert: Statement;
  readonly #progress: Statement<[string], number>;
  readonly #setProgress: Statement;
  readonly #apply: Transaction<(userId: string, entries: readonly OutboxEntry[]) => void>;
  readonly #statements = new Map<string, Statement>();
  #closed = false;

  /** @internal use {@link openAggregateStore}. */
  constructor(db: Database.Database) {
    this.#db = db;
    this.#upsert = db.prepare(
      'INSERT INTO docs (user_id, collection, id, version, body, updated_at) VALUES (?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (user_id, collection, id) DO UPDATE SET version = excluded.version, body = excluded.body, ' +
        'updated_at = excluded.updated_at WHERE excluded.version > docs.version',
    );
    this.#progress = db
      .prepare<[string], number>('SELECT seq FROM relay_progress WHERE user_id = ?')
      .pluck();
    this.#setProgress = db.prepare(
      'INSERT INTO relay_progress (user_id, seq) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET seq = max(seq, excluded.seq)',
    );
    this.#apply = db.transaction((userId: string, entries: readonly OutboxEntry[]) => {
      let last = 0;
      for (const entry of entries) {
        this.#upsert.run(
          userId,
          entry.collection,
          entry.id,
          entry.version,
          entry.body,
          entry.updatedAt,
        );
        last = Math.max(last, entry.seq);
      }
      this.#setProgress.run(userId, last);
    });
  }

  /** Highest outbox sequence of a user applied here (0 if none): the relay's durable progress. */
  progress(userId: string): number {
    return this.#open().#progress.get(userId) ?? 0;
  }

  /** Applies a user's outbox entries and the progress marker in one IMMEDIATE transaction. */
  apply(userId: string, entries: readonly OutboxEntry[]): void {
    if (entries.length > 0) this.#open().#apply.immediate(userId, entries);
  }

  /**
   * Replaces everything known of a user by `documents` (e.g. after a restore put the user back
   * in time) and resets their progress, in one transaction.
   */
  replaceUser(userId: string, documents: readonly OutboxEntry[]): void {
    const db = this.#open().#db;
    db.transaction(() => {
      this.#statement('DELETE FROM docs WHERE user_id = ?').run(userId);
      this.#statement('DELETE FROM relay_progress WHERE user_id = ?').run(userId);
      for (const doc of documents)
        this.#upsert.run(userId, doc.collection, doc.id, doc.version, doc.body, doc.updatedAt);
    }).immediate();
  }

  /** One user's document, or undefined. */
  get<T = unknown>(
    userId: string,
    collection: string,
    id: string,
  ): AggregateDocument<T> | undefined {
    const row = this.#open()
      .#statement(
        'SELECT * FROM docs WHERE user_id = ? AND collection = ? AND id = ? AND body IS NOT NULL',
      )
      .get(userId, collection, id) as Row | undefined;
    return row === undefined ? undefined : toDocument<T>(row);
  }

  /** Documents of a collection across users (or of one user), ordered by user then id. */
  query<T = unknown>(collection: string, query: AggregateQuery = {}): AggregateDocument<T>[] {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new InvalidDocumentError(`A limit must be an integer from 1 to 10000 (got ${limit}).`);
    }
    const params: unknown[] = [collection];
    let sql = 'SELECT * FROM docs WHERE collection = ? AND body IS NOT NULL';
    if (query.userId !== undefined) {
      sql += ' AND user_id = ?';
      params.push(query.userId);
    }
    if (query.where !== undefined) {
      sql += ` AND ${jsonCondition(query.where)}`;
      params.push(query.where.path, queryValue(query.where.value));
    }
    params.push(limit);
    const rows = this.#open()
      .#statement(`${sql} ORDER BY user_id, id LIMIT ?`)
      .all(...params) as Row[];
    return rows.map((row) => toDocument<T>(row));
  }

  /** Live documents of a collection per user, for statistics pages. */
  countByUser(collection: string): { userId: string; count: number }[] {
    return this.#open()
      .#statement(
        'SELECT user_id AS userId, count(*) AS count FROM docs WHERE collection = ? AND body IS NOT NULL GROUP BY user_id ORDER BY user_id',
      )
      .all(collection) as { userId: string; count: number }[];
  }

  /** Closes the connection. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  /** Statements are cached by SQL text: queries come from a handful of fixed shapes. */
  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #open(): this {
    if (this.#closed) throw new StoreClosedError('The aggregate store was closed');
    return this;
  }
}

function toDocument<T>(row: Row): AggregateDocument<T> {
  return {
    userId: row.user_id,
    collection: row.collection,
    id: row.id,
    version: row.version,
    body: JSON.parse(row.body) as T,
    updatedAt: row.updated_at,
  };
}

/**
 * Opens (and creates or migrates) the aggregate database. Bad options throw `ConfigError`
 * (BALLAST_ERR_CONFIG).
 *
 * @example
 * ```ts
 * const aggregate = openAggregateStore({ file: '/var/lib/notes/aggregate.db' });
 * aggregate.query('notes', { where: { path: '$.tag', value: 'work' } });
 * ```
 */
export function openAggregateStore(options: AggregateStoreOptions): AggregateStore {
  const read = new OptionsReader('openAggregateStore', options, [
    'file',
    'durability',
    'busyTimeoutMs',
  ]);
  const file = readPathOption(read, 'file', 'the path of the aggregate database');
  const settings = {
    durability: read.oneOf<Durability>('durability', 'full', ['normal', 'full']),
    busyTimeoutMs: read.number('busyTimeoutMs', 1000, { integer: true, min: 0 }),
  } as const;
  preparePrivateDatabase(path.resolve(file));
  const db = new Database(file, { timeout: settings.busyTimeoutMs });
  try {
    db.exec(connectionPragmas(settings));
    migrateDatabase(db, SCHEMA, `The aggregate ${file}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return new AggregateStore(db);
}
