const BRAND = Symbol.for('ballast.error');

/** Options accepted by every {@link BallastError}. */
export interface BallastErrorOptions {
  /** The error that led to this one; kept as the standard `cause`. */
  readonly cause?: unknown;
  /**
   * Skip capturing a stack trace. Fail-fast paths (an open breaker rejecting thousands of calls
   * per second) use this so creating the error costs next to nothing.
   */
  readonly captureStack?: boolean;
}

/**
 * Base class of every error ballast throws. `code` is stable across versions (a retired code is
 * never reused) and `is()` works across duplicate copies of the package, because the check reads
 * a `Symbol.for` brand instead of relying on `instanceof`.
 *
 * @example
 * ```ts
 * try { await client.quote(req); }
 * catch (error) { if (TimeoutError.is(error)) metrics.timeouts++; }
 * ```
 */
export class BallastError extends Error {
  /** Code of the subclass; `undefined` on the base class. */
  static readonly code: string | undefined = undefined;

  /** Fixed class name, kept when code is minified. */
  override readonly name: string = 'BallastError';

  /** Stable string code, e.g. `BALLAST_ERR_TIMEOUT`. Documented in docs/errors.md. */
  readonly code: string;

  constructor(code: string, message: string, options: BallastErrorOptions = {}) {
    if (options.captureStack === false) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      super(message, options.cause === undefined ? undefined : { cause: options.cause });
      Error.stackTraceLimit = limit;
    } else {
      super(message, options.cause === undefined ? undefined : { cause: options.cause });
    }
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * True when `value` is a ballast error (from any copy of the package) and, when called on a
   * subclass, carries that subclass's code.
   */
  static is<T>(
    this: { readonly code: string | undefined; readonly prototype: T },
    value: unknown,
  ): value is T {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    return this.code === undefined || (value as { code?: unknown }).code === this.code;
  }
}
