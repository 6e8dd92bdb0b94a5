import { BallastError } from '@ballast/core';

/**
 * `startAdminServer` was asked to listen on a non-loopback address without a token: anyone on
 * the network could then force breakers open or switch flags. Pass `token` (at least 16
 * characters), or bind to loopback.
 */
export class AdminBindError extends BallastError {
  override readonly name = 'AdminBindError';
  static override readonly code = 'BALLAST_ERR_ADMIN_INSECURE_BIND';
  static override readonly kind = 'config';
  constructor(
    /** The address asked for (kept out of the message, which config readers never fill with values). */
    readonly host: string,
  ) {
    super(
      AdminBindError.code,
      'Refusing to bind the admin server to a non-loopback address without a token: pass { token } (at least 16 characters) or bind to 127.0.0.1.',
    );
  }
}

/** No token, a wrong token, or an unknown dashboard session. → 401 */
export class AdminUnauthorizedError extends BallastError {
  override readonly name = 'AdminUnauthorizedError';
  static override readonly code = 'BALLAST_ERR_ADMIN_UNAUTHORIZED';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 401;
  constructor(message: string) {
    super(AdminUnauthorizedError.code, message, { captureStack: false });
  }
}

/** A dashboard session was used for a change from another origin (cross-site request forgery). → 403 */
export class AdminForbiddenError extends BallastError {
  override readonly name = 'AdminForbiddenError';
  static override readonly code = 'BALLAST_ERR_ADMIN_FORBIDDEN';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 403;
  constructor(message: string) {
    super(AdminForbiddenError.code, message, { captureStack: false });
  }
}

/** A flag is unknown, or the feature behind a route (runbooks) is not configured. → 404 */
export class AdminNotFoundError extends BallastError {
  override readonly name = 'AdminNotFoundError';
  static override readonly code = 'BALLAST_ERR_ADMIN_NOT_FOUND';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 404;
  constructor(message: string) {
    super(AdminNotFoundError.code, message, { captureStack: false });
  }
}
