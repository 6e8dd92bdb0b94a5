import { BallastError, type BallastErrorOptions } from '@ballast/core';

/**
 * A user id failed the allow-list or would resolve outside the store root. Nothing was created.
 *
 * @example
 * ```ts
 * try { stores.user(req.params.user); } catch (e) { if (InvalidUserIdError.is(e)) reply(400); }
 * ```
 */
export class InvalidUserIdError extends BallastError {
  override readonly name = 'InvalidUserIdError';
  static override readonly code = 'BALLAST_ERR_STORE_USER_ID';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 400;
  constructor(message: string) {
    super(InvalidUserIdError.code, message, { captureStack: false });
  }
}

/** A collection name, document id, body or query was not acceptable. The message says what is allowed. */
export class InvalidDocumentError extends BallastError {
  override readonly name = 'InvalidDocumentError';
  static override readonly code = 'BALLAST_ERR_STORE_DOCUMENT';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 400;
  constructor(message: string, options?: BallastErrorOptions) {
    super(InvalidDocumentError.code, message, { captureStack: false, ...options });
  }
}

/**
 * An optimistic write named a version the document no longer has: someone else wrote it first.
 * Re-read, merge, and write again with the new version.
 */
export class VersionConflictError extends BallastError {
  override readonly name = 'VersionConflictError';
  static override readonly code = 'BALLAST_ERR_STORE_VERSION_CONFLICT';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 409;
  constructor(
    readonly userId: string,
    readonly collection: string,
    readonly id: string,
    readonly expectedVersion: number,
    /** The version stored now; 0 when the document does not exist. */
    readonly actualVersion: number,
  ) {
    super(
      VersionConflictError.code,
      `Document ${collection}/${id} of user ${userId} is at version ${actualVersion}, not ${expectedVersion}.`,
      { captureStack: false },
    );
  }
}

/**
 * The user's database was locked by another connection for longer than the busy timeout
 * (SQLITE_BUSY / SQLITE_LOCKED). Nothing was written; `retryable` is always true: wrap the
 * caller with `@Retry` and a short backoff.
 */
export class StoreBusyError extends BallastError {
  override readonly name = 'StoreBusyError';
  static override readonly code = 'BALLAST_ERR_STORE_BUSY';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  /** Always true: the same call may succeed once the other writer is done. */
  readonly retryable = true;
  constructor(
    readonly userId: string,
    options?: BallastErrorOptions,
  ) {
    super(StoreBusyError.code, `The database of user ${userId} is busy; retry shortly.`, {
      captureStack: false,
      ...options,
    });
  }
}

/**
 * A transient I/O failure (SQLITE_IOERR below the read-only threshold, SQLITE_CANTOPEN such as
 * file-descriptor exhaustion). `retryable` is true; repeated I/O errors put the user's store in
 * read-only mode instead.
 */
export class StoreIoError extends BallastError {
  override readonly name = 'StoreIoError';
  static override readonly code = 'BALLAST_ERR_STORE_IO';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  /** Always true: a later attempt may succeed. */
  readonly retryable = true;
  constructor(
    readonly userId: string,
    options?: BallastErrorOptions,
  ) {
    super(StoreIoError.code, `I/O error on the database of user ${userId}.`, options);
  }
}

/**
 * The user's store is read-only after SQLITE_FULL, SQLITE_READONLY or repeated SQLITE_IOERR.
 * Reads keep working; writes are refused until a probe write succeeds (see `readOnlyProbeMs`).
 */
export class StoreReadOnlyError extends BallastError {
  override readonly name = 'StoreReadOnlyError';
  static override readonly code = 'BALLAST_ERR_STORE_READ_ONLY';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  /** False: retrying at once is refused the same way; the store recovers on its own. */
  readonly retryable = false;
  constructor(
    readonly userId: string,
    /** The SQLite code that caused read-only mode, e.g. `SQLITE_FULL`. */
    readonly reason: string,
    options?: BallastErrorOptions,
  ) {
    super(
      StoreReadOnlyError.code,
      `The store of user ${userId} is read-only (${reason}); reads still work, writes resume once the cause is fixed.`,
      { captureStack: false, ...options },
    );
  }
}

/**
 * The user's database was found corrupt (SQLITE_CORRUPT / SQLITE_NOTADB); its files were moved
 * aside into the quarantine folder. Restore a backup with `stores.restore()` to lift it.
 */
export class StoreQuarantinedError extends BallastError {
  override readonly name = 'StoreQuarantinedError';
  static override readonly code = 'BALLAST_ERR_STORE_QUARANTINED';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 503;
  /** False: the store stays quarantined until an operator restores it. */
  readonly retryable = false;
  constructor(
    readonly userId: string,
    readonly reason: string,
    options?: BallastErrorOptions,
  ) {
    super(
      StoreQuarantinedError.code,
      `The store of user ${userId} is quarantined (${reason}); restore a backup to bring it back.`,
      { captureStack: false, ...options },
    );
  }
}

/** A migration failed; the database stays at the last version that fully applied. */
export class MigrationError extends BallastError {
  override readonly name = 'MigrationError';
  static override readonly code = 'BALLAST_ERR_STORE_MIGRATION';
  static override readonly kind = 'permanent';
  constructor(message: string, options?: BallastErrorOptions) {
    super(MigrationError.code, message, options);
  }
}

/** The stores (or relay, lease manager, inbox) were closed; create a new one. */
export class StoreClosedError extends BallastError {
  override readonly name = 'StoreClosedError';
  static override readonly code = 'BALLAST_ERR_STORE_CLOSED';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  constructor(what = 'The user stores were closed') {
    super(StoreClosedError.code, `${what}; create a new instance.`, { captureStack: false });
  }
}

/** A lease could not be renewed or released: it expired and another owner may hold it now. */
export class LeaseLostError extends BallastError {
  override readonly name = 'LeaseLostError';
  static override readonly code = 'BALLAST_ERR_LEASE_LOST';
  static override readonly kind = 'permanent';
  constructor(
    readonly lease: string,
    readonly owner: string,
  ) {
    super(
      LeaseLostError.code,
      `Lease "${lease}" is no longer held by ${owner}; stop the job it guards.`,
    );
  }
}

/**
 * A path the store would use under its root is a symbolic link, a hard-linked file or not the
 * kind of entry expected, so following it could read or write outside the root. Nothing was
 * opened or created there. An operator must look at the path: the store never repairs it.
 */
export class StoreUnsafePathError extends BallastError {
  override readonly name = 'StoreUnsafePathError';
  static override readonly code = 'BALLAST_ERR_STORE_UNSAFE_PATH';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 503;
  /** False: the same path is refused until someone fixes it. */
  readonly retryable = false;
  constructor(
    /** The refused path. */
    readonly path: string,
    /** What was found there, e.g. `a symbolic link`. */
    readonly found: string,
  ) {
    super(
      StoreUnsafePathError.code,
      `Refusing ${path}: it is ${found}. The store only opens real files and folders under its root (no symbolic or hard links).`,
      { captureStack: false },
    );
  }
}

/**
 * The database file or the WAL of a user's open connection is no longer the file at its path
 * (deleted, renamed or replaced under the running store), found right after a commit and before
 * the write was acknowledged. What the connection still held was saved (`savedTo`: the database
 * file itself after a checkpoint, or a rescue copy beside the quarantine); the user is then
 * read-only (WAL) or quarantined (database file). The write that found it may have been saved
 * too: read before writing again.
 */
export class StoreFileReplacedError extends BallastError {
  override readonly name = 'StoreFileReplacedError';
  static override readonly code = 'BALLAST_ERR_STORE_FILE_REPLACED';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  /** False: the store is read-only or quarantined now; see the error's `state`. */
  readonly retryable = false;
  constructor(
    readonly userId: string,
    /** The file found replaced: `database` or `wal`. */
    readonly file: 'database' | 'wal',
    /** What the user is now: `readOnly` (recovers by itself) or `quarantined`. */
    readonly state: 'readOnly' | 'quarantined',
    /** Where the connection's data went; undefined if saving it failed. */
    readonly savedTo: string | undefined,
  ) {
    super(
      StoreFileReplacedError.code,
      `The ${file === 'wal' ? 'WAL' : 'database file'} of user ${userId} was deleted or replaced while open; ` +
        `this write was not acknowledged, the user is ${state === 'readOnly' ? 'read-only for now' : 'quarantined'}` +
        (savedTo === undefined
          ? ' and its data could not be saved.'
          : ` and its data was saved to ${savedTo}.`),
      { captureStack: false },
    );
  }
}

/**
 * Another process holds a lock this call needs: a user's files during a restore or quarantine
 * (or it did not let go of them in time for this one), or a lock file such as an API key file's
 * while another process writes it. `retryable` is true: the holder is done within moments.
 */
export class StoreLockedError extends BallastError {
  override readonly name = 'StoreLockedError';
  static override readonly code = 'BALLAST_ERR_STORE_LOCKED';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  /** Always true: the other process is done within its wait. */
  readonly retryable = true;
  constructor(
    /** What is locked, e.g. `the files of user alice`. */
    readonly resource: string,
    what: string,
  ) {
    super(
      StoreLockedError.code,
      `${resource[0]!.toUpperCase()}${resource.slice(1)} is locked: ${what}.`,
      {
        captureStack: false,
      },
    );
  }
}
