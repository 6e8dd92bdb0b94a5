/** Payload of `store.readOnly`: a user's store stopped accepting writes. */
export interface StoreReadOnlyEvent {
  readonly userId: string;
  /**
   * The SQLite code behind it, e.g. `SQLITE_FULL`, or `FILE_REPLACED` when the WAL of the open
   * connection was deleted or replaced (its content was saved into the database file first).
   */
  readonly reason: string;
}

/** Payload of `store.recovered`: a probe write succeeded and the store accepts writes again. */
export interface StoreRecoveredEvent {
  readonly userId: string;
  /** How long the store was read-only, in ms on the store's clock. */
  readonly readOnlyMs: number;
}

/**
 * Payload of `store.quarantined`: a user's files were moved aside after corruption
 * (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) or because the database file was replaced under an open
 * connection (`FILE_REPLACED`). Emitted once the files are moved, which may wait for another
 * process to let go of them.
 */
export interface StoreQuarantinedEvent {
  readonly userId: string;
  readonly reason: string;
  /** Where the files went; undefined when moving them failed (the user is refused all the same). */
  readonly movedTo: string | undefined;
  /** For `FILE_REPLACED`: the copy of what the open connection held, undefined otherwise or if it failed. */
  readonly rescuedTo: string | undefined;
}

/** Payload of `store.migrate.progress`, once per user visited by `migrateAll()`. */
export interface StoreMigrateProgressEvent {
  readonly userId: string;
  /** Users visited so far, this one included. */
  readonly done: number;
  readonly total: number;
  /** Steps applied to this user (0 when it was already current). */
  readonly applied: number;
  /** Set when this user failed; `migrateAll()` goes on with the next. */
  readonly error: Error | undefined;
}

declare module '@ballast/core' {
  interface BallastEvents {
    'store.readOnly': StoreReadOnlyEvent;
    'store.recovered': StoreRecoveredEvent;
    'store.quarantined': StoreQuarantinedEvent;
    'store.migrate.progress': StoreMigrateProgressEvent;
  }
}
