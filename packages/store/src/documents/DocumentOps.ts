import type { Statement, Transaction } from 'better-sqlite3';
import { VersionConflictError } from '../errors/storeErrors.js';
import type { UserHandle } from '../pool/UserHandle.js';

type Row = [version: number, deleted: 0 | 1];
type Write = (
  collection: string,
  id: string,
  body: string | null,
  expected: number | undefined,
  now: number,
) => number;

/**
 * The document statements of one main-database handle, prepared once, and the two write
 * transactions (always `BEGIN IMMEDIATE`: a deferred read-then-write would fail with
 * SQLITE_BUSY_SNAPSHOT under WAL). Returns the new version, or -1 for a delete of nothing.
 */
export class DocumentOps {
  readonly write: Transaction<Write>;
  readonly #current: Statement<[string, string], Row>;
  readonly #upsert: Statement;
  readonly #outbox: Statement | undefined;
  readonly #userId: string;
  #get: Statement<[string, string], [number, string, number]> | undefined;
  readonly #db;

  constructor(handle: UserHandle, dualWrite: boolean) {
    const db = handle.db;
    this.#db = db;
    this.#userId = handle.userId;
    this.#current = db
      .prepare<[string, string], Row>(
        'SELECT version, body IS NULL FROM docs WHERE collection = ? AND id = ?',
      )
      .raw();
    this.#upsert = db.prepare(
      'INSERT INTO docs (collection, id, version, body, updated_at) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (collection, id) DO UPDATE SET version = excluded.version, body = excluded.body, updated_at = excluded.updated_at',
    );
    this.#outbox = dualWrite
      ? db.prepare(
          'INSERT INTO outbox (collection, id, version, body, updated_at) VALUES (?, ?, ?, ?, ?)',
        )
      : undefined;
    this.write = db.transaction<Write>((collection, id, body, expected, now) =>
      this.#write(collection, id, body, expected, now),
    );
  }

  /** `[version, body, updatedAt]` of a live document. */
  get(collection: string, id: string): [number, string, number] | undefined {
    this.#get ??= this.#db
      .prepare<[string, string], [number, string, number]>(
        'SELECT version, body, updated_at FROM docs WHERE collection = ? AND id = ? AND body IS NOT NULL',
      )
      .raw();
    return this.#get.get(collection, id);
  }

  #write(
    collection: string,
    id: string,
    body: string | null,
    expected: number | undefined,
    now: number,
  ): number {
    const row = this.#current.get(collection, id);
    const stored = row === undefined ? 0 : row[0];
    const live = row === undefined || row[1] === 1 ? 0 : stored;
    if (expected !== undefined && expected !== live) {
      throw new VersionConflictError(this.#userId, collection, id, expected, live);
    }
    // Deleting nothing writes nothing (no tombstone, no outbox row).
    if (body === null && live === 0) return -1;
    const version = stored + 1;
    this.#upsert.run(collection, id, version, body, now);
    this.#outbox?.run(collection, id, version, body, now);
    return version;
  }
}
