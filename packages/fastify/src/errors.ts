import type { ValidationIssue } from '@ballast/schema';
import { BallastError } from '@ballast/core';

/**
 * The request does not match what the route accepts: a field, query parameter, header or path
 * parameter fails its schema, the body is not JSON, or not valid UTF-8. `issues` name each
 * field and what is allowed. → 400
 */
export class InvalidRequestError extends BallastError {
  override readonly name = 'InvalidRequestError';
  static override readonly code = 'BALLAST_ERR_REQUEST_INVALID';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 400;
  constructor(
    message: string,
    /** Each field at fault; empty when the body as a whole was refused. */
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(InvalidRequestError.code, message, { captureStack: false });
  }
}

/**
 * The body is sent as something other than `application/json` in UTF-8 without a content
 * coding (another type, another `charset`, a `Content-Encoding` such as gzip). → 415
 */
export class UnsupportedMediaTypeError extends BallastError {
  override readonly name = 'UnsupportedMediaTypeError';
  static override readonly code = 'BALLAST_ERR_REQUEST_MEDIA_TYPE';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 415;
  constructor(message = 'Send the body as application/json.') {
    super(UnsupportedMediaTypeError.code, message, { captureStack: false });
  }
}

/** The body is larger than the server's `bodyLimit`. → 413 */
export class RequestTooLargeError extends BallastError {
  override readonly name = 'RequestTooLargeError';
  static override readonly code = 'BALLAST_ERR_REQUEST_TOO_LARGE';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 413;
  constructor(message = 'The request body is larger than this server accepts.') {
    super(RequestTooLargeError.code, message, { captureStack: false });
  }
}

/** No route has this method and path. → 404 */
export class RouteNotFoundError extends BallastError {
  override readonly name = 'RouteNotFoundError';
  static override readonly code = 'BALLAST_ERR_ROUTE_NOT_FOUND';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 404;
  constructor(method: string, path: string) {
    super(RouteNotFoundError.code, `No route ${method} ${path}.`, { captureStack: false });
  }
}

/**
 * The path has routes, but none for this method; `allow` lists the methods it has (sent as the
 * `Allow` header, RFC 9110 §15.5.6). → 405
 */
export class MethodNotAllowedError extends BallastError {
  override readonly name = 'MethodNotAllowedError';
  static override readonly code = 'BALLAST_ERR_METHOD_NOT_ALLOWED';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 405;
  constructor(
    method: string,
    path: string,
    readonly allow: readonly string[],
  ) {
    super(
      MethodNotAllowedError.code,
      `${path} does not take ${method}; it takes ${allow.join(', ')}.`,
      { captureStack: false },
    );
  }
}

/**
 * Too many failed authentications from this client: refused until `retryAfterMs` passes. A
 * correct credential is never refused this way. → 429 with `Retry-After`
 */
export class AuthThrottledError extends BallastError {
  override readonly name = 'AuthThrottledError';
  static override readonly code = 'BALLAST_ERR_AUTH_THROTTLED';
  static override readonly kind = 'rejection';
  static override readonly httpStatus = 429;
  constructor(readonly retryAfterMs: number) {
    super(
      AuthThrottledError.code,
      `Too many failed authentications from this client; retry in ${Math.ceil(retryAfterMs / 1000)} s.`,
      { captureStack: false },
    );
  }
}

/** The client did not send its request line and headers, or its whole request, in time. → 408 */
export class RequestTimeoutError extends BallastError {
  override readonly name = 'RequestTimeoutError';
  static override readonly code = 'BALLAST_ERR_REQUEST_TIMEOUT';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 408;
  constructor() {
    super(
      RequestTimeoutError.code,
      'The request was not received in time; the connection is closed.',
      {
        captureStack: false,
      },
    );
  }
}
