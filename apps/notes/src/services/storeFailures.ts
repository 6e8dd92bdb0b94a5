import { errorCode } from '@ballast/core';
import { NoteNotFoundError } from '../errors/notesErrors.js';

/**
 * Codes of failures that say a user's store is unavailable right now (as opposed to a request
 * the caller got wrong): corrupt and quarantined, locked by an operator's restore, refused for an
 * unsafe path, I/O trouble, busy after every retry, too slow, or refused by the user's open
 * breaker. Reads fall back to last-known-good on these.
 */
export const UNAVAILABLE_CODES: readonly string[] = Object.freeze([
  'BALLAST_ERR_STORE_QUARANTINED',
  'BALLAST_ERR_STORE_LOCKED',
  'BALLAST_ERR_STORE_UNSAFE_PATH',
  'BALLAST_ERR_STORE_IO',
  'BALLAST_ERR_STORE_BUSY',
  'BALLAST_ERR_TIMEOUT',
  'BALLAST_ERR_CIRCUIT_OPEN',
  'BALLAST_ERR_RETRY_EXHAUSTED',
]);

/**
 * Codes that say nothing about the database's health: the caller's fault (bad document, stale
 * version, unknown note) or a state the store already handles by itself (read-only mode fails
 * writes fast and keeps reads working; a replaced file was saved and made the user read-only; a
 * lock held for a restore ends by itself). The breaker counts them as neither success nor failure.
 */
const NEUTRAL_CODES: ReadonlySet<string> = new Set([
  'BALLAST_ERR_STORE_VERSION_CONFLICT',
  'BALLAST_ERR_STORE_DOCUMENT',
  'BALLAST_ERR_STORE_USER_ID',
  'BALLAST_ERR_STORE_READ_ONLY',
  'BALLAST_ERR_STORE_FILE_REPLACED',
  'BALLAST_ERR_STORE_LOCKED',
  'BALLAST_ERR_STORE_CLOSED',
  NoteNotFoundError.code,
]);

/** True when `error` must not count against a user's circuit breaker. */
export function isNeutralFailure(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NEUTRAL_CODES.has(code);
}
