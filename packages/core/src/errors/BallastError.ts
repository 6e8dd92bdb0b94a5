const BRAND = Symbol.for('ballast.error');

/**
 * What a failure means to whoever called: `config` (fix the setup), `rejection` (refused to
 * protect something; try again later), `transient` (may succeed if tried again), `permanent`
 * (the same call will fail the same way).
 */
export type ErrorKind = 'config' | 'rejection' | 'transient' | 'permanent';

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

  /** Kind of the subclass's failures; `undefined` where a class declares none. */
  static readonly kind: ErrorKind | undefined = undefined;

  /**
   * HTTP status a server answers with when this error ends a request (`503` for an open
   * circuit, `429` for a rate limit, …); `undefined` for errors that are bugs when they reach
   * a client (500). Declared once on the class, next to the code, and read by
   * `@ballast/fastify`.
   */
  static readonly httpStatus: number | undefined = undefined;

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

  /** The {@link ErrorKind} declared by the error's class. */
  get kind(): ErrorKind | undefined {
    return (this.constructor as typeof BallastError).kind;
  }

  /**
   * The HTTP status declared by the error's class (see {@link BallastError.httpStatus}), under
   * the name HTTP frameworks read (fastify, Express).
   */
  get statusCode(): number | undefined {
    return (this.constructor as typeof BallastError).httpStatus;
  }

  /** Frameworks assign `statusCode` on errors they pass along (fastify does); the value shadows the class's. */
  set statusCode(status: number | undefined) {
    Object.defineProperty(this, 'statusCode', {
      value: status,
      writable: true,
      configurable: true,
    });
  }

  /**
   * True when `value` is a ballast error (from any copy of the package) and, when called on a
   * subclass, carries that subclass's code. Never throws, whatever the value.
   */
  static is<T>(
    this: { readonly code: string | undefined; readonly prototype: T },
    value: unknown,
  ): value is T {
    if (typeof value !== 'object' || value === null) return false;
    try {
      if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
      return this.code === undefined || (value as { code?: unknown }).code === this.code;
    } catch {
      return false; // a proxy or getter that throws is not one of ours
    }
  }
}
