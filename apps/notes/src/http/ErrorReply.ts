import { BallastError } from '@ballast/core';
import { CircuitOpenError } from '@ballast/resilience';
import { VersionConflictError } from '@ballast/store';
import { NotesBodyTooLargeError, NotesRequestError } from '../errors/notesErrors.js';

/** The HTTP answer for a failed request. */
export interface ErrorReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly error: Readonly<Record<string, unknown>> };
}

/** Fixed answers by error code; the message comes from the error unless given here. */
const BY_CODE: Readonly<
  Record<string, { status: number; retryAfterS?: number; message?: string }>
> = {
  BALLAST_ERR_NOTES_AUTH: { status: 401 },
  BALLAST_ERR_NOTES_NOT_FOUND: { status: 404 },
  BALLAST_ERR_STORE_DOCUMENT: { status: 400 },
  BALLAST_ERR_FEATURE_DISABLED: {
    status: 404,
    message: 'Search is not enabled for this user yet (gray release).',
  },
  BALLAST_ERR_STORE_READ_ONLY: { status: 503, retryAfterS: 5 },
  BALLAST_ERR_STORE_QUARANTINED: { status: 503 },
  BALLAST_ERR_STORE_FILE_REPLACED: {
    status: 503,
    retryAfterS: 5,
    message:
      'Your notes are read-only for a moment: their files were changed outside the service. This write was not confirmed; read your notes before writing again.',
  },
  BALLAST_ERR_STORE_LOCKED: {
    status: 503,
    retryAfterS: 1,
    message: 'Your notes are being restored or checked by an operator; retry shortly.',
  },
  BALLAST_ERR_STORE_UNSAFE_PATH: {
    status: 503,
    message:
      'Your notes are unavailable: the server refused an unsafe file path; an operator must fix it.',
  },
  BALLAST_ERR_STORE_BUSY: { status: 503, retryAfterS: 1 },
  BALLAST_ERR_STORE_IO: { status: 503, retryAfterS: 1 },
  BALLAST_ERR_STORE_CLOSED: {
    status: 503,
    retryAfterS: 1,
    message: 'The service is shutting down.',
  },
  BALLAST_ERR_TIMEOUT: { status: 503, retryAfterS: 1 },
  BALLAST_ERR_RETRY_EXHAUSTED: { status: 503, retryAfterS: 1 },
};

/**
 * Turns an error into a status, headers and a JSON body `{ error: { code, message, … } }`.
 * Errors the service does not know answer 500 with the request id only: no stack, no message
 * from deep inside.
 */
export function errorReply(error: unknown, requestId: string): ErrorReply {
  if (NotesRequestError.is(error)) {
    const { status, field, code, message } = error as NotesRequestError;
    return { status, headers: {}, body: { error: { code, message, field } } };
  }
  if (NotesBodyTooLargeError.is(error)) {
    const { code, message, limitBytes } = error as NotesBodyTooLargeError;
    return {
      status: 413,
      headers: { connection: 'close' },
      body: { error: { code, message, limitBytes } },
    };
  }
  if (VersionConflictError.is(error)) {
    const conflict = error as VersionConflictError;
    return {
      status: 409,
      headers: { etag: `"${conflict.actualVersion}"` },
      body: {
        error: {
          code: conflict.code,
          message: `The note is at version ${conflict.actualVersion}, not ${conflict.expectedVersion}: re-read it and apply your change again.`,
          expectedVersion: conflict.expectedVersion,
          currentVersion: conflict.actualVersion,
        },
      },
    };
  }
  if (CircuitOpenError.is(error)) {
    const { code, retryAfterMs } = error as CircuitOpenError;
    const seconds = Number.isFinite(retryAfterMs)
      ? Math.max(1, Math.ceil(retryAfterMs / 1000))
      : 60;
    const message = 'Your notes are unavailable for a moment after repeated failures; retry later.';
    return {
      status: 503,
      headers: { 'retry-after': String(seconds) },
      body: { error: { code, message } },
    };
  }
  const known = BallastError.is(error) ? BY_CODE[(error as BallastError).code] : undefined;
  if (known !== undefined) {
    const { code, message } = error as BallastError;
    const headers: Record<string, string> =
      known.retryAfterS === undefined ? {} : { 'retry-after': String(known.retryAfterS) };
    if (known.status === 401) headers['www-authenticate'] = 'Bearer realm="notes"';
    return {
      status: known.status,
      headers,
      body: { error: { code, message: known.message ?? message } },
    };
  }
  return {
    status: 500,
    headers: {},
    body: { error: { code: 'INTERNAL', message: `Internal error (request ${requestId}).` } },
  };
}
