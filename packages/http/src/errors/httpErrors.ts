import { HttpError, type HttpErrorDetails } from './HttpError.js';

function statusMessage(what: string, details: HttpErrorDetails): string {
  const wait = details.retryAfterMs === undefined ? '' : `; Retry-After ${details.retryAfterMs} ms`;
  return `${details.method} ${details.host} answered ${details.status}: ${what}${wait}.`;
}

/** 408, 425, 429 or 5xx: the server may answer differently later (honour `retryAfterMs`). */
export class HttpRetryableError extends HttpError {
  override readonly name = 'HttpRetryableError';
  static override readonly code = 'BALLAST_ERR_HTTP_RETRYABLE';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 502;
  readonly retryable = true;
  constructor(details: HttpErrorDetails & { readonly status: number }) {
    super(HttpRetryableError.code, statusMessage('retryable status', details), details);
  }
}

/** 410 Gone: the endpoint was removed for good; stop sending to it. */
export class HttpGoneError extends HttpError {
  override readonly name = 'HttpGoneError';
  static override readonly code = 'BALLAST_ERR_HTTP_GONE';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 502;
  readonly retryable = false;
  constructor(details: HttpErrorDetails) {
    super(
      HttpGoneError.code,
      statusMessage('gone, stop sending to this endpoint', details),
      details,
    );
  }
}

/** Any other non-2xx status (4xx, and 1xx/3xx since redirects are not followed): resending will not help. */
export class HttpPermanentError extends HttpError {
  override readonly name = 'HttpPermanentError';
  static override readonly code = 'BALLAST_ERR_HTTP_PERMANENT';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 502;
  readonly retryable = false;
  constructor(details: HttpErrorDetails) {
    super(
      HttpPermanentError.code,
      statusMessage('permanent failure, fix the request', details),
      details,
    );
  }
}

/** The connection failed, was reset or closed early, or the server did not speak HTTP. */
export class HttpNetworkError extends HttpError {
  override readonly name = 'HttpNetworkError';
  static override readonly code = 'BALLAST_ERR_HTTP_NETWORK';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 502;
  readonly retryable = true;
  constructor(reason: string, details: HttpErrorDetails) {
    super(HttpNetworkError.code, `${details.method} ${details.host} failed: ${reason}.`, details);
  }
}

/** Which limit an {@link HttpTimeoutError} hit. */
export type HttpTimeoutPhase = 'connect' | 'headers' | 'body' | 'deadline';

/**
 * Connecting, waiting for headers or between body chunks took longer than allowed, or the call
 * context's deadline ran out (`deadline`). Retryable (a retry policy checks its own deadline
 * first), except when the deadline had passed before anything was sent.
 */
export class HttpTimeoutError extends HttpError {
  override readonly name = 'HttpTimeoutError';
  static override readonly code = 'BALLAST_ERR_HTTP_TIMEOUT';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 504;
  readonly retryable: boolean;
  /** Which limit was hit. */
  readonly phase: HttpTimeoutPhase;
  constructor(
    phase: HttpTimeoutPhase,
    limitMs: number,
    details: HttpErrorDetails,
    retryable = true,
  ) {
    super(
      HttpTimeoutError.code,
      `${details.method} ${details.host}: ${phase} timeout after ${limitMs} ms.`,
      details,
    );
    this.phase = phase;
    this.retryable = retryable;
  }
}

/** The caller's AbortSignal (or the call context's) cancelled the request. */
export class HttpAbortedError extends HttpError {
  override readonly name = 'HttpAbortedError';
  static override readonly code = 'BALLAST_ERR_HTTP_ABORTED';
  static override readonly kind = 'permanent';
  readonly retryable = false;
  constructor(details: HttpErrorDetails) {
    super(
      HttpAbortedError.code,
      `${details.method} ${details.host}: aborted by the caller.`,
      details,
    );
  }
}

/** The response body was larger than `maxResponseBytes`; the connection was closed. */
export class HttpBodyTooLargeError extends HttpError {
  override readonly name = 'HttpBodyTooLargeError';
  static override readonly code = 'BALLAST_ERR_HTTP_BODY_TOO_LARGE';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 502;
  readonly retryable = false;
  constructor(limit: number, details: HttpErrorDetails) {
    super(
      HttpBodyTooLargeError.code,
      `${details.method} ${details.host}: response body over ${limit} bytes.`,
      details,
    );
  }
}

/** The request itself is malformed (bad URL, method, header or body); nothing was sent. */
export class HttpInvalidRequestError extends HttpError {
  override readonly name = 'HttpInvalidRequestError';
  static override readonly code = 'BALLAST_ERR_HTTP_INVALID_REQUEST';
  static override readonly kind = 'config';
  readonly retryable = false;
  constructor(reason: string, details: HttpErrorDetails) {
    super(
      HttpInvalidRequestError.code,
      `${details.method} ${details.host}: invalid request: ${reason}.`,
      details,
    );
  }
}
