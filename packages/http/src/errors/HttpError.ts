import { BallastError } from '@ballast/core';

const HTTP_BRAND = Symbol.for('ballast.http.error');

/** What every {@link HttpError} carries besides its message. */
export interface HttpErrorDetails {
  /** `host:port` the request went to; breakers and rate limits are keyed by it. */
  readonly host: string;
  readonly method: string;
  /** Response status, when a response arrived. */
  readonly status?: number | undefined;
  /** Wait asked for by `Retry-After`, already capped; undefined when absent or unreadable. */
  readonly retryAfterMs?: number | undefined;
  readonly cause?: unknown;
}

/**
 * Base of the classified errors of `@ballast/http`. `retryable` says whether sending the same
 * request again can succeed (408/425/429/5xx, network errors, timeouts); every subclass has its
 * own stable `code`.
 */
export abstract class HttpError extends BallastError {
  /** `host:port` the request went to. */
  readonly host: string;
  readonly method: string;
  /** Response status, or undefined when no response arrived (network errors, timeouts). */
  readonly status: number | undefined;
  /** Capped wait asked for by the server's `Retry-After`, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** Whether the same request may succeed if sent again. */
  abstract readonly retryable: boolean;

  /**
   * True when `value` is an HTTP error from any copy of this package; on a subclass, one with
   * that subclass's code. (The inherited check alone would accept every ballast error here.)
   */
  static override is<T>(
    this: { readonly code: string | undefined; readonly prototype: T },
    value: unknown,
  ): value is T {
    return (
      BallastError.is.call(this, value) &&
      (value as { [HTTP_BRAND]?: unknown })[HTTP_BRAND] === true
    );
  }

  protected constructor(code: string, message: string, details: HttpErrorDetails) {
    super(code, message, { cause: details.cause, captureStack: false });
    Object.defineProperty(this, HTTP_BRAND, { value: true });
    this.host = details.host;
    this.method = details.method;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}
