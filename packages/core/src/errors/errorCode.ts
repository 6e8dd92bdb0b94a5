import { readProperty } from '../values/readProperty.js';

/**
 * The string `code` an error carries (`BALLAST_ERR_*`, `ECONNRESET`, `SQLITE_BUSY`, …), or
 * undefined. Aspects classify errors by code so the check survives duplicate package copies.
 * Never throws, whatever the value (a `code` getter or a proxy that throws reads as no code).
 *
 * @example
 * ```ts
 * if (errorCode(error) === 'BALLAST_ERR_TIMEOUT') stats.timeouts++;
 * ```
 */
export function errorCode(error: unknown): string | undefined {
  const code = readProperty(error, 'code');
  return typeof code === 'string' ? code : undefined;
}
