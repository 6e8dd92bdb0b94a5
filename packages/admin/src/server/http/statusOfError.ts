import { errorCode } from '@ballast/core';

/**
 * HTTP status for each error code the admin API can meet. Codes are matched as strings (not with
 * `instanceof`) so errors from another copy of a package map the same way.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  BALLAST_ERR_ADMIN_BAD_REQUEST: 400,
  BALLAST_ERR_CONFIG: 400,
  BALLAST_ERR_FLAG_DEFINITION: 400,
  BALLAST_ERR_RUNBOOK_DEFINITION: 400,
  BALLAST_ERR_ADMIN_UNAUTHORIZED: 401,
  BALLAST_ERR_ADMIN_FORBIDDEN: 403,
  BALLAST_ERR_ADMIN_NOT_FOUND: 404,
  BALLAST_ERR_UNKNOWN_BREAKER: 404,
  BALLAST_ERR_RUNBOOK_UNKNOWN: 404,
  BALLAST_ERR_RUNBOOK_EXECUTION_UNKNOWN: 404,
  BALLAST_ERR_ADMIN_METHOD_NOT_ALLOWED: 405,
  BALLAST_ERR_FLAG_VERSION_CONFLICT: 409,
  BALLAST_ERR_RUNBOOK_EXECUTION_STATE: 409,
  BALLAST_ERR_ADMIN_BODY_TOO_LARGE: 413,
  BALLAST_ERR_ADMIN_RATE_LIMITED: 429,
  BALLAST_ERR_FLAG_SOURCE: 503,
  BALLAST_ERR_RUNBOOK_STORE: 503,
  BALLAST_ERR_RUNTIME_DISPOSED: 503,
};

/** The error body every failing route answers with. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

/**
 * Status and body for an error thrown by a route. A coded error keeps its code and message
 * (they are written for operators); anything else is a 500 whose message says nothing of the
 * internals.
 */
export function statusOfError(error: unknown): { status: number; body: ErrorBody } {
  const code = errorCode(error);
  const { message, field } = (error ?? {}) as { message?: unknown; field?: unknown };
  const status = code === undefined ? undefined : STATUS_BY_CODE[code];
  if (code === undefined || status === undefined || typeof message !== 'string') {
    return {
      status: 500,
      body: { error: { code: 'BALLAST_ERR_ADMIN_INTERNAL', message: 'Internal error.' } },
    };
  }
  const body: ErrorBody =
    typeof field === 'string' ? { error: { code, message, field } } : { error: { code, message } };
  return { status, body };
}
