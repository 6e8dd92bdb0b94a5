import type { Database, Statement } from 'better-sqlite3';
import type { FileIdentity } from '../files/FileIdentity.js';
import type { ReleaseHold } from '../locks/lockFile.js';

type WriteCallback<T> = (db: Database, prepare: (sql: string) => Statement) => T;

/**
 * One open SQLite connection of a user (the main database or one time partition) with its
 * prepared statements, the identity of the files it opened and its share of the user's lock.
 * Statements are prepared on first use and reused until the handle closes.
 */
export class UserHandle {
  /** Sweep tick of the last use; the pool closes handles idle for too many ticks. */
  tick = 0;
  /** Consecutive I/O errors; reset by any successful write. */
  ioErrors = 0;
  /** Per-role state built lazily by the code using this handle (document or partition statements). */
  role: unknown = undefined;
  /** The per-user facade last used with this handle, so `stores.user(id)` skips validation while open. */
  view: object | undefined = undefined;
  readonly #statements = new Map<string, Statement>();
  readonly #release: ReleaseHold;
  #immediate: (<T>(fn: WriteCallback<T>) => T) | undefined;

  constructor(
    /** Pool key: the user id for the main database, `userId/file` for partitions. */
    readonly key: string,
    readonly userId: string,
    readonly file: string,
    readonly db: Database,
    /** The database file and WAL this connection opened, checked before a write is acknowledged. */
    readonly identity: FileIdentity,
    /** Gives back the handle's share of the user's lock when it closes. */
    release: ReleaseHold,
  ) {
    this.#release = release;
  }

  /** {@link UserHandle.statement} bound to this handle, handed to raw-access callbacks. */
  readonly prepare = (sql: string): Statement => this.statement(sql);

  /** A prepared statement for `sql`, cached for the life of the connection. */
  statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `fn(db, prepare)` in a `BEGIN IMMEDIATE` transaction. better-sqlite3 builds four
   * wrappers per `db.transaction()`, so the one wrapper is made on first use and reused.
   */
  immediate<T>(fn: WriteCallback<T>): T {
    this.#immediate ??= this.db.transaction((run: WriteCallback<unknown>) =>
      run(this.db, this.prepare),
    ).immediate as <R>(run: WriteCallback<R>) => R;
    return this.#immediate(fn);
  }

  /**
   * Closes the connection (in WAL mode the last connection checkpoints and removes the WAL), then
   * releases the lock share.
   */
  close(): void {
    this.#statements.clear();
    this.role = undefined;
    this.view = undefined;
    try {
      if (this.db.open) this.db.close();
    } finally {
      this.#release();
    }
  }
}
