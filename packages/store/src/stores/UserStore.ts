import type { Database, Statement } from 'better-sqlite3';
import type {
  DocumentQuery,
  ListOptions,
  StoredDocument,
  WriteOptions,
  WriteResult,
} from '../documents/Document.js';
import { checkObject, shown } from '../documents/argumentChecks.js';
import { bodyJson } from '../documents/bodyJson.js';
import { checkName } from '../documents/checkName.js';
import { jsonCondition, queryValue } from '../documents/documentQuerySql.js';
import { InvalidDocumentError } from '../errors/storeErrors.js';
import { PartitionStore } from '../partitions/PartitionStore.js';
import type { UserHandle } from '../pool/UserHandle.js';
import type { StoreEngine } from './StoreEngine.js';

type ListRow = { id: string; version: number; body: string; updated_at: number };

const SELECT =
  'SELECT id, version, body, updated_at FROM docs WHERE collection = ? AND id > ? AND body IS NOT NULL';
const LIST_SQL = `${SELECT} ORDER BY id LIMIT ?`;

function checkKey(collection: unknown, id: unknown): void {
  checkName('A collection', collection);
  checkName('A document id', id);
}

function checkAfter(after: unknown): string {
  if (after === undefined) return '';
  if (typeof after !== 'string')
    throw new InvalidDocumentError(
      '`after` must be the id of the last document of the previous page.',
    );
  return after;
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new InvalidDocumentError(
      `A limit must be an integer from 1 to 1000 (got ${shown(limit)}).`,
    );
  }
  return limit;
}

/** Prepares `sql` once per connection and returns the cached statement afterwards. */
export type PrepareCached = (sql: string) => Statement;

/**
 * One user's store: JSON documents with versions, time partitions and raw SQL access. Every
 * call finds (or opens) the user's handle in the pool; SQLite failures come out as coded errors
 * and change only this user's state.
 *
 * @example
 * ```ts
 * const alice = stores.user('alice');
 * const { version } = alice.put('notes', 'n1', { title: 'Hi' });
 * alice.put('notes', 'n1', { title: 'Hello' }, { expectedVersion: version });
 * alice.query('notes', { path: '$.title', value: 'Hello' });
 * ```
 */
export class UserStore {
  readonly #engine: StoreEngine;

  /** @internal created by `UserStores.user()`, which validates the id. */
  constructor(
    readonly userId: string,
    engine: StoreEngine,
  ) {
    this.#engine = engine;
  }

  /** Why writes are refused right now, or undefined when the store is writable. */
  get readOnlyReason(): string | undefined {
    return this.#engine.health.readOnlyReason(this.userId);
  }

  /**
   * Creates or replaces a document; returns its new version. `body` must be JSON-serialisable and
   * nest at most 1000 arrays or objects deep (what SQLite's JSON functions read), else
   * {@link InvalidDocumentError}.
   */
  put(collection: string, id: string, body: unknown, options?: WriteOptions): WriteResult {
    checkKey(collection, id);
    const json = bodyJson(body, 'A document body');
    if (json.length > this.#engine.settings.maxDocumentChars) {
      throw new InvalidDocumentError(
        `A document is limited to ${this.#engine.settings.maxDocumentChars} characters of JSON (got ${json.length}).`,
      );
    }
    const now = this.#engine.settings.clock.now();
    const version = this.#write(collection, id, json, options?.expectedVersion, now);
    return { collection, id, version, updatedAt: now };
  }

  /** Deletes a document; undefined when there was none. The version still rises (tombstone). */
  delete(collection: string, id: string, options?: WriteOptions): WriteResult | undefined {
    checkKey(collection, id);
    const now = this.#engine.settings.clock.now();
    const version = this.#write(collection, id, null, options?.expectedVersion, now);
    return version === -1 ? undefined : { collection, id, version, updatedAt: now };
  }

  /** A document, or undefined. */
  get<T = unknown>(collection: string, id: string): StoredDocument<T> | undefined {
    checkKey(collection, id);
    const handle = this.#handle();
    let row: [number, string, number] | undefined;
    try {
      row = this.#engine.documents(handle).get(collection, id);
    } catch (error) {
      throw this.#engine.health.failure(this.userId, handle, error, false);
    }
    if (row === undefined) return undefined;
    return { collection, id, version: row[0], body: JSON.parse(row[1]) as T, updatedAt: row[2] };
  }

  /** Documents of a collection in id order, one page at a time. */
  list<T = unknown>(collection: string, options: ListOptions = {}): StoredDocument<T>[] {
    checkName('A collection', collection);
    checkObject('List options', options);
    return this.#select<T>(collection, LIST_SQL, [
      collection,
      checkAfter(options.after),
      checkLimit(options.limit),
    ]);
  }

  /** Documents whose value at a JSON path compares true with `query.value`, in id order. */
  query<T = unknown>(collection: string, query: DocumentQuery): StoredDocument<T>[] {
    checkName('A collection', collection);
    const sql = `${SELECT} AND ${jsonCondition(query)} ORDER BY id LIMIT ?`;
    return this.#select<T>(collection, sql, [
      collection,
      checkAfter(query.after),
      query.path,
      queryValue(query.value),
      checkLimit(query.limit),
    ]);
  }

  /**
   * Runs `fn` with the raw connection, for reads of your own tables (created by migrations).
   * Use `prepare` rather than `db.prepare` on hot paths: it caches statements per connection.
   */
  read<T>(fn: (db: Database, prepare: PrepareCached) => T): T {
    const handle = this.#handle();
    try {
      return fn(handle.db, handle.prepare);
    } catch (error) {
      throw this.#engine.health.failure(this.userId, handle, error, false);
    }
  }

  /**
   * Runs `fn` in a `BEGIN IMMEDIATE` transaction on the raw connection; refused while read-only.
   * Like every write, acknowledged (returned) only once the connection's files are checked to
   * still be the ones at their paths (`StoreFileReplacedError` otherwise).
   */
  write<T>(fn: (db: Database, prepare: PrepareCached) => T): T {
    const health = this.#engine.health;
    let handle = this.#handle();
    if (health.beforeWrite(this.userId)) handle = this.#reopen();
    let result: T;
    try {
      result = handle.immediate(fn);
    } catch (error) {
      throw health.failure(this.userId, handle, error, true);
    }
    this.#engine.acknowledge(handle);
    return result;
  }

  /** A time-partitioned table declared in the `partitions` option. */
  partition(name: string): PartitionStore {
    return new PartitionStore(this.userId, name, this.#engine);
  }

  #handle(): UserHandle {
    const handle = this.#engine.acquire(this.userId);
    handle.view ??= this;
    return handle;
  }

  /** The user's handle on a fresh connection, for a probe write (see `UserHealth.beforeWrite`). */
  #reopen(): UserHandle {
    this.#engine.closeUser(this.userId);
    return this.#handle();
  }

  #write(
    collection: string,
    id: string,
    json: string | null,
    expected: number | undefined,
    now: number,
  ): number {
    if (expected !== undefined && (!Number.isInteger(expected) || expected < 0)) {
      throw new InvalidDocumentError(
        `expectedVersion must be an integer >= 0 (got ${shown(expected)}).`,
      );
    }
    const engine = this.#engine;
    let handle = this.#handle();
    if (engine.health.beforeWrite(this.userId)) handle = this.#reopen();
    let version: number;
    try {
      version = engine.documents(handle).write.immediate(collection, id, json, expected, now);
    } catch (error) {
      throw engine.health.failure(this.userId, handle, error, true);
    }
    engine.acknowledge(handle);
    if (engine.settings.dualWrite && version !== -1) engine.dirty.add(this.userId);
    return version;
  }

  #select<T>(collection: string, sql: string, params: unknown[]): StoredDocument<T>[] {
    const handle = this.#handle();
    let rows: ListRow[];
    try {
      rows = handle.statement(sql).all(...params) as ListRow[];
    } catch (error) {
      throw this.#engine.health.failure(this.userId, handle, error, false);
    }
    return rows.map((row) => ({
      collection,
      id: row.id,
      version: row.version,
      body: JSON.parse(row.body) as T,
      updatedAt: row.updated_at,
    }));
  }
}
