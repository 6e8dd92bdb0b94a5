import { STATUS_CODES } from 'node:http';
import { BallastError, errorCode } from '@ballast/core';
import { InvalidRequestError, RequestTooLargeError, UnsupportedMediaTypeError } from '../errors.js';
import { issuesOf, type SchemaError } from '@ballast/schema';
import type { Problem } from './Problem.js';

/** A problem reply: status, extra headers and body. */
export interface ProblemReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly problem: Problem;
}

interface FrameworkError {
  readonly statusCode?: unknown;
  readonly message?: unknown;
  readonly validation?: readonly SchemaError[];
  readonly validationContext?: string;
}

/** A route's schemas by request part (`body`, `querystring`, …), as fastify keeps them. */
export type RouteSchemas = Readonly<Record<string, unknown>>;

const PART_PREFIX: Readonly<Record<string, string>> = {
  querystring: 'query.',
  params: 'params.',
  headers: 'headers.',
};

/**
 * The coded error a framework error stands for: fastify (and any library following its
 * `statusCode` convention) refuses requests with its own errors; schema failures, bad or empty
 * JSON, oversized and non-JSON bodies become ballast's request errors.
 */
function asCoded(error: unknown, schemas: RouteSchemas): unknown {
  if (BallastError.is(error) || typeof error !== 'object' || error === null) return error;
  const { statusCode, message, validation, validationContext } = error as FrameworkError;
  if (validation !== undefined) {
    const prefix = PART_PREFIX[validationContext ?? ''] ?? '';
    const issues = issuesOf(validation, schemas[validationContext ?? '']).map((issue) => ({
      field: `${prefix}${issue.field}`,
      detail: issue.detail,
    }));
    return new InvalidRequestError(
      `The request does not match the route's schema (${issues.length} issue${issues.length === 1 ? '' : 's'}).`,
      issues,
    );
  }
  if (statusCode === 400) return new InvalidRequestError(String(message));
  if (statusCode === 413) return new RequestTooLargeError();
  if (statusCode === 414)
    return new InvalidRequestError('A path parameter is longer than this server accepts.');
  if (statusCode === 415) return new UnsupportedMediaTypeError();
  return error;
}

/**
 * What a 5xx says: the client can fix nothing, and the error's own message is for operators
 * (breaker names, user ids, file paths); `code` says exactly what happened.
 */
const SERVER_SIDE: Readonly<Record<number, string>> = {
  500: 'The service failed.',
  502: 'A service this one depends on failed.',
  503: 'The service cannot do this right now; try again later.',
  504: 'The request ran out of time.',
};

/** Seconds a client should wait, from the error's `retryAfterMs` when it is finite. */
function retryAfterOf(error: unknown, fallbackSeconds: number): string {
  const ms = (error as { retryAfterMs?: unknown }).retryAfterMs;
  const seconds =
    typeof ms === 'number' && Number.isFinite(ms)
      ? Math.max(1, Math.ceil(ms / 1000))
      : fallbackSeconds;
  return String(seconds);
}

/**
 * The reply for an error that ended a request. An error whose class declares an HTTP status
 * (`BallastError.httpStatus`, read as `statusCode`) keeps its code, and its message when the
 * status is a 4xx (a 5xx gets a fixed sentence: its message is for operators); one of kind
 * `rejection` or `transient` adds `Retry-After` (from its `retryAfterMs`, else
 * `retryAfterSeconds`). An error's `issues` (or its one `field`) become `errors`. A failed schema (of `schemas`, the route's) lists each field. A framework's 4xx keeps its status and code. Anything else is a 500
 * that says nothing of the internals.
 */
export function problemOf(
  error: unknown,
  requestId: string,
  retryAfterSeconds: number,
  schemas: RouteSchemas = {},
): ProblemReply {
  const coded = asCoded(error, schemas);
  const status = (coded as { statusCode?: unknown } | null)?.statusCode;
  const code = errorCode(coded);
  const message = (coded as { message?: unknown } | null)?.message;
  const known =
    typeof status === 'number' &&
    status >= 400 &&
    (status < 500 || BallastError.is(coded)) &&
    status <= 599 &&
    code !== undefined &&
    typeof message === 'string';
  if (!known) {
    return {
      status: 500,
      headers: {},
      problem: {
        type: 'about:blank',
        title: STATUS_CODES[500]!,
        status: 500,
        detail: `Internal error (request ${requestId}).`,
        code: 'BALLAST_ERR_INTERNAL',
        requestId,
      },
    };
  }
  const kind = (coded as { kind?: unknown }).kind;
  const headers: Record<string, string> = {};
  if ((kind === 'rejection' || kind === 'transient') && (status === 429 || status === 503)) {
    headers['retry-after'] = retryAfterOf(coded, retryAfterSeconds);
  }
  const { issues, field } = coded as { issues?: unknown; field?: unknown };
  return {
    status,
    headers,
    problem: {
      type: 'about:blank',
      title: STATUS_CODES[status] ?? (status === 499 ? 'Client Closed Request' : 'Error'),
      status,
      detail: status < 500 ? message : (SERVER_SIDE[status] ?? SERVER_SIDE[500]!),
      code,
      requestId,
      ...(Array.isArray(issues) && issues.length > 0
        ? { errors: issues }
        : typeof field === 'string'
          ? { errors: [{ field, detail: message }] }
          : {}),
    },
  };
}
