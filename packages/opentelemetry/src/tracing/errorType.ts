import { errorCode } from '@ballast/core';

/**
 * The `error.type` of a failure, low-cardinality as the convention asks: the error's `code`
 * (`BALLAST_ERR_TIMEOUT`, `ECONNRESET`, `SQLITE_BUSY`), else its class name, else `_OTHER`.
 * Never its message; never throws.
 */
export function errorType(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined) return code;
  try {
    if (error instanceof Error) return error.constructor.name || error.name;
  } catch {
    // a proxy or getter that throws: the failure is still recorded, as _OTHER
  }
  return '_OTHER';
}
