import { BallastError, type BallastErrorOptions } from './BallastError.js';

/** Options, a policy or runtime configuration is invalid. The message names the field and what is allowed. */
export class ConfigError extends BallastError {
  override readonly name = 'ConfigError';
  static override readonly code = 'BALLAST_ERR_CONFIG';
  static override readonly kind = 'config';
  constructor(message: string, options?: BallastErrorOptions) {
    super(ConfigError.code, message, options);
  }
}

/** An aspect decorator was applied to something other than an instance method. */
export class DecoratorTargetError extends BallastError {
  override readonly name = 'DecoratorTargetError';
  static override readonly code = 'BALLAST_ERR_DECORATOR_TARGET';
  static override readonly kind = 'config';
  constructor(message: string) {
    super(DecoratorTargetError.code, message);
  }
}

/** The same aspect was applied twice to one method. */
export class DuplicateAspectError extends BallastError {
  override readonly name = 'DuplicateAspectError';
  static override readonly code = 'BALLAST_ERR_DUPLICATE_ASPECT';
  static override readonly kind = 'config';
  constructor(message: string) {
    super(DuplicateAspectError.code, message);
  }
}

/** A decorator named a policy the runtime's configuration does not define. */
export class UnknownPolicyError extends BallastError {
  override readonly name = 'UnknownPolicyError';
  static override readonly code = 'BALLAST_ERR_UNKNOWN_POLICY';
  static override readonly kind = 'config';
  constructor(message: string) {
    super(UnknownPolicyError.code, message);
  }
}

/** An aspect that needs time (delays, timeouts, queueing) was put on a synchronous method. */
export class SyncUnsupportedError extends BallastError {
  override readonly name = 'SyncUnsupportedError';
  static override readonly code = 'BALLAST_ERR_SYNC_UNSUPPORTED';
  static override readonly kind = 'config';
  constructor(message: string) {
    super(SyncUnsupportedError.code, message);
  }
}

/** An explicit aspect order does not list exactly the aspects on the method. */
export class AspectOrderError extends BallastError {
  override readonly name = 'AspectOrderError';
  static override readonly code = 'BALLAST_ERR_ASPECT_ORDER';
  static override readonly kind = 'config';
  constructor(message: string) {
    super(AspectOrderError.code, message);
  }
}

/**
 * The caller cancelled the call (its `AbortSignal` aborted): it was refused before it started,
 * or it gave up its retry delay, queue wait or attempt. A rejection, not a failure of the
 * dependency: never retried, never counted by a circuit breaker, never replaced by a fallback.
 * `cause` is the signal's reason, or the error the attempt ended with.
 *
 * @example
 * ```ts
 * try { await runInContext({ signal: request.signal }, () => reports.render(id)); }
 * catch (error) { if (CancelledError.is(error)) return; throw error; } // the client went away
 * ```
 */
export class CancelledError extends BallastError {
  override readonly name = 'CancelledError';
  static override readonly code = 'BALLAST_ERR_CANCELLED';
  static override readonly kind = 'rejection';
  /** nginx's "client closed request": nobody reads the reply, but logs and metrics do. */
  static override readonly httpStatus = 499;
  constructor(where: string, cause?: unknown) {
    super(CancelledError.code, `${where}: cancelled by the caller's signal.`, {
      captureStack: false,
      cause,
    });
  }
}

/** The runtime was disposed; it schedules no more work. */
export class RuntimeDisposedError extends BallastError {
  override readonly name = 'RuntimeDisposedError';
  static override readonly code = 'BALLAST_ERR_RUNTIME_DISPOSED';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  constructor(
    message = 'The ballast runtime was disposed; create a new runtime to weave or schedule.',
  ) {
    super(RuntimeDisposedError.code, message);
  }
}
