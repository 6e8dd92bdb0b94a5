import { BallastError } from '@ballast/core';

/**
 * `startAdminServer` was asked to listen on a non-loopback address without a token: anyone on
 * the network could then force breakers open or switch flags. Pass `token` (at least 16
 * characters), or bind to loopback.
 */
export class AdminBindError extends BallastError {
  override readonly name = 'AdminBindError';
  static override readonly code = 'BALLAST_ERR_ADMIN_INSECURE_BIND';
  constructor(readonly host: string) {
    super(
      AdminBindError.code,
      `Refusing to bind the admin server to "${host}" without a token: pass { token } (at least 16 characters) or bind to 127.0.0.1.`,
    );
  }
}

/** A request is malformed: bad JSON, a missing or mistyped field (named in the message). → 400 */
export class AdminRequestError extends BallastError {
  override readonly name = 'AdminRequestError';
  static override readonly code = 'BALLAST_ERR_ADMIN_BAD_REQUEST';
  constructor(
    message: string,
    /** The body or query field at fault, when one is. */
    readonly field?: string,
  ) {
    super(AdminRequestError.code, message, { captureStack: false });
  }
}

/** The request body is larger than `maxBodyBytes`. → 413 */
export class AdminBodyTooLargeError extends BallastError {
  override readonly name = 'AdminBodyTooLargeError';
  static override readonly code = 'BALLAST_ERR_ADMIN_BODY_TOO_LARGE';
  constructor(limit: number) {
    super(AdminBodyTooLargeError.code, `Request body is larger than ${limit} bytes.`, {
      captureStack: false,
    });
  }
}

/** No token, a wrong token, or an unknown dashboard session. → 401 */
export class AdminUnauthorizedError extends BallastError {
  override readonly name = 'AdminUnauthorizedError';
  static override readonly code = 'BALLAST_ERR_ADMIN_UNAUTHORIZED';
  constructor(message: string) {
    super(AdminUnauthorizedError.code, message, { captureStack: false });
  }
}

/** A dashboard session was used for a change from another origin (cross-site request forgery). → 403 */
export class AdminForbiddenError extends BallastError {
  override readonly name = 'AdminForbiddenError';
  static override readonly code = 'BALLAST_ERR_ADMIN_FORBIDDEN';
  constructor(message: string) {
    super(AdminForbiddenError.code, message, { captureStack: false });
  }
}

/** Too many failed authentications from one client address. → 429 with `Retry-After` */
export class AdminRateLimitedError extends BallastError {
  override readonly name = 'AdminRateLimitedError';
  static override readonly code = 'BALLAST_ERR_ADMIN_RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super(
      AdminRateLimitedError.code,
      `Too many failed authentications from this address; retry in ${retryAfterSeconds} s.`,
      { captureStack: false },
    );
  }
}

/** No route matches the path, or the feature behind it is not configured. → 404 */
export class AdminNotFoundError extends BallastError {
  override readonly name = 'AdminNotFoundError';
  static override readonly code = 'BALLAST_ERR_ADMIN_NOT_FOUND';
  constructor(message: string) {
    super(AdminNotFoundError.code, message, { captureStack: false });
  }
}

/** The path exists but not with this method. → 405 with `Allow` */
export class AdminMethodNotAllowedError extends BallastError {
  override readonly name = 'AdminMethodNotAllowedError';
  static override readonly code = 'BALLAST_ERR_ADMIN_METHOD_NOT_ALLOWED';
  constructor(readonly allowed: readonly string[]) {
    super(
      AdminMethodNotAllowedError.code,
      `Method not allowed here; allowed: ${allowed.join(', ')}.`,
      { captureStack: false },
    );
  }
}
