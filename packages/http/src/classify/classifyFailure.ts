import { BallastError, errorCode } from '@ballast/core';
import type { HttpError } from '../errors/HttpError.js';
import {
  HttpAbortedError,
  HttpBodyTooLargeError,
  HttpInvalidRequestError,
  HttpNetworkError,
  HttpTimeoutError,
} from '../errors/httpErrors.js';

/** Limits in force for the request that failed, for messages. */
export interface FailureLimits {
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxResponseBytes: number;
  /** True when the call context's deadline, not the configured timeout, set the limit. */
  readonly deadlineBound: boolean;
}

/** Where the request was going. */
export interface FailureTarget {
  readonly host: string;
  readonly method: string;
}

/**
 * Turns what undici or the socket threw into a coded {@link HttpError}. A ballast error that
 * arrives as an abort reason (a Timeout aspect cancelling the attempt) is returned unchanged,
 * so the aspect that aborted sees its own error.
 */
export function classifyFailure(
  error: unknown,
  target: FailureTarget,
  limits: FailureLimits,
  aborted: boolean,
): HttpError | BallastError {
  if (BallastError.is(error)) return error;
  const details = { host: target.host, method: target.method, cause: error };
  if (aborted) return new HttpAbortedError(details);
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new HttpTimeoutError('connect', limits.connectTimeoutMs, details);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return limits.deadlineBound
        ? new HttpTimeoutError('deadline', limits.headersTimeoutMs, details)
        : new HttpTimeoutError('headers', limits.headersTimeoutMs, details);
    case 'UND_ERR_BODY_TIMEOUT':
      return limits.deadlineBound
        ? new HttpTimeoutError('deadline', limits.bodyTimeoutMs, details)
        : new HttpTimeoutError('body', limits.bodyTimeoutMs, details);
    case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
      return new HttpBodyTooLargeError(limits.maxResponseBytes, details);
    case 'UND_ERR_INVALID_ARG':
    case 'ERR_INVALID_URL':
      return new HttpInvalidRequestError((error as Error).message, details);
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return new HttpAbortedError(details);
  }
  const reason =
    code === undefined
      ? String((error as Error | null)?.message ?? error)
      : `${code} ${(error as Error).message}`;
  return new HttpNetworkError(reason, details);
}
