/**
 * The string `code` an error carries (`BALLAST_ERR_*`, `ECONNRESET`, `SQLITE_BUSY`, …), or
 * undefined. Aspects classify errors by code so the check survives duplicate package copies.
 *
 * @example
 * ```ts
 * if (errorCode(error) === 'BALLAST_ERR_TIMEOUT') stats.timeouts++;
 * ```
 */
export function errorCode(error: unknown): string | undefined {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
