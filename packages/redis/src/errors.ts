import { BallastError } from '@ballast/core';

/**
 * Redis could not be reached (down, slow past the timeout, or its breaker open) for an operation
 * that has no local fallback: granting a lease, recording a run-once task, publishing a flag
 * document. `cause` holds the underlying error.
 */
export class RedisUnavailableError extends BallastError {
  override readonly name = 'RedisUnavailableError';
  static override readonly code = 'BALLAST_ERR_REDIS_UNAVAILABLE';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  constructor(what: string, cause: unknown) {
    super(
      RedisUnavailableError.code,
      `${what}: Redis is unavailable (${cause instanceof Error ? cause.message : String(cause)}).`,
      { cause, captureStack: false },
    );
  }
}

/**
 * Redis answered a command with an error reply: the server is up but would not do it, e.g.
 * `READONLY` (it became a replica), `OOM` (`maxmemory` reached with `noeviction`), `NOPERM` (the
 * ACL user lacks the command). Parts fall back as when Redis is down, but the connection's
 * breaker does not count it: reads keep working while writes are refused.
 */
export class RedisRefusedError extends BallastError {
  override readonly name = 'RedisRefusedError';
  static override readonly code = 'BALLAST_ERR_REDIS_REFUSED';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  /** The reply's first word (`READONLY`, `OOM`, `NOPERM`, `ERR`, …), to tell the cases apart. */
  readonly reply: string;
  constructor(cause: Error) {
    const reply = /^[A-Z]+/.exec(cause.message)?.[0] ?? 'ERR';
    super(RedisRefusedError.code, `Redis refused the command (${cause.message})`, {
      cause,
      captureStack: false,
    });
    this.reply = reply;
  }
}

/** A lease was lost: it expired (the holder paused or lost Redis past its TTL) and may be held by another. */
export class RedisLeaseLostError extends BallastError {
  override readonly name = 'RedisLeaseLostError';
  static override readonly code = 'BALLAST_ERR_REDIS_LEASE_LOST';
  static override readonly kind = 'permanent';
  constructor(
    /** The lease's name. */
    readonly lease: string,
    /** The fencing token this holder had. */
    readonly token: number,
  ) {
    super(
      RedisLeaseLostError.code,
      `Lease "${lease}" (token ${token}) is no longer held; stop the work it guards.`,
      { captureStack: false },
    );
  }
}

/** A write guarded by a fencing token was refused: a newer holder exists or the lease expired. */
export class FencedWriteError extends BallastError {
  override readonly name = 'FencedWriteError';
  static override readonly code = 'BALLAST_ERR_REDIS_FENCED';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 409;
  constructor(
    /** The lease's name. */
    readonly lease: string,
    /** The token the refused write carried. */
    readonly token: number,
  ) {
    super(
      FencedWriteError.code,
      `Write under lease "${lease}" with fencing token ${token} refused: the lease expired or was granted again.`,
      { captureStack: false },
    );
  }
}

/** A fleet command could not be read or has no applier on this instance. */
export class FleetCommandError extends BallastError {
  override readonly name = 'FleetCommandError';
  static override readonly code = 'BALLAST_ERR_REDIS_COMMAND';
  static override readonly kind = 'permanent';
  constructor(message: string) {
    super(FleetCommandError.code, message, { captureStack: false });
  }
}

/** `runOnce` waited `maxWaitMs` while another instance was still running the task. */
export class RunOnceWaitError extends BallastError {
  override readonly name = 'RunOnceWaitError';
  static override readonly code = 'BALLAST_ERR_REDIS_RUN_ONCE_WAIT';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  constructor(
    /** The task's name. */
    readonly task: string,
    readonly maxWaitMs: number,
  ) {
    super(
      RunOnceWaitError.code,
      `runOnce "${task}": another instance was still running it after maxWaitMs (${maxWaitMs} ms).`,
      { captureStack: false },
    );
  }
}
