import { errorCode } from '@ballast/core';

/**
 * Codes no substitute value may hide: misconfiguration and bad input are bugs to fix, never
 * something to paper over with a fallback or a stale value; a cancelled call's caller has gone
 * and wants no value.
 */
const NEVER_REPLACED: ReadonlySet<string> = new Set([
  'BALLAST_ERR_CONFIG',
  'BALLAST_ERR_SYNC_UNSUPPORTED',
  'BALLAST_ERR_UNKNOWN_POLICY',
  'BALLAST_ERR_ASPECT_ORDER',
  'BALLAST_ERR_DECORATOR_TARGET',
  'BALLAST_ERR_DUPLICATE_ASPECT',
  'BALLAST_ERR_CANCELLED',
  'BALLAST_ERR_CONTRACT_VIOLATION',
  'BALLAST_ERR_CACHE_KEY',
]);

/** Whether a fallback or a stale value may stand in for `error`. */
export function isReplaceable(error: unknown): boolean {
  const code = errorCode(error);
  return code === undefined || !NEVER_REPLACED.has(code);
}
