import type { ValidationIssue } from '@ballast/schema';

/**
 * The body of every error reply: RFC 9457 `application/problem+json`, one shape on every
 * ballast server. `type` is `about:blank`, so `title` is the status phrase; `code` is the
 * stable machine-readable identifier (`BALLAST_ERR_CIRCUIT_OPEN`, or an app's own
 * `NOTES_NOT_FOUND`).
 *
 * @example
 * ```json
 * { "type": "about:blank", "title": "Service Unavailable", "status": 503,
 *   "detail": "Circuit breaker \"notes.read\" [alice] is OPEN; …", "code": "BALLAST_ERR_CIRCUIT_OPEN",
 *   "requestId": "3f0c…" }
 * ```
 */
export interface Problem {
  readonly type: 'about:blank';
  /** The HTTP status phrase (`Bad Request`). */
  readonly title: string;
  readonly status: number;
  /** What happened and what to do, for a person; never a stack or a secret. */
  readonly detail: string;
  readonly code: string;
  /** The request's id (also in the `x-request-id` header), to find it in the logs. */
  readonly requestId: string;
  /** Each field at fault, on `400` replies to bodies, queries, headers or paths that fail their schema. */
  readonly errors?: readonly ValidationIssue[];
}

/** Media type of {@link Problem} replies. */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
