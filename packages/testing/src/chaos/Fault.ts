import type { RecordedRequest } from './RecordedRequest.js';

/** A normal answer: any status (5xx, 410, 4xx included), headers and body. */
export interface RespondFault {
  readonly kind: 'respond';
  /** @default 200 */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** @default '{"ok":true}' */
  readonly body?: string;
}

/** `429 Too Many Requests` (or another status) with a `Retry-After` header. */
export interface ThrottleFault {
  readonly kind: 'throttle';
  /** Seconds (a number) or an HTTP date (a string), sent verbatim as `Retry-After`. */
  readonly retryAfter: number | string;
  /** @default 429 */
  readonly status?: number;
}

/** Reads the request, then never answers; the socket is destroyed when the server closes. */
export interface HangFault {
  readonly kind: 'hang';
}

/** Sends headers at once, then the body in chunks spaced by `intervalMs`. */
export interface SlowBodyFault {
  readonly kind: 'slowBody';
  /** @default 4 */
  readonly chunks?: number;
  /** @default 1000 */
  readonly intervalMs?: number;
}

/** Announces a `content-length`, sends part of the body, then destroys the socket. */
export interface TruncateFault {
  readonly kind: 'truncate';
}

/** Destroys the socket without answering (the client sees a connection reset or close). */
export interface ResetFault {
  readonly kind: 'reset';
}

/** Writes bytes that are not HTTP on the socket, then closes it. */
export interface GarbageFault {
  readonly kind: 'garbage';
}

/** Something the chaos server can do to one request. */
export type Fault =
  | RespondFault
  | ThrottleFault
  | HangFault
  | SlowBodyFault
  | TruncateFault
  | ResetFault
  | GarbageFault;

/** A fault injected at random into a share of the requests no route claimed. */
export interface RatedFault {
  readonly fault: Fault;
  /** Probability in `[0, 1]` that a request draws this fault; rates add up to at most 1. */
  readonly rate: number;
  /**
   * Once drawn, the fault also hits this many requests in total, in a row (bursts of 429).
   * @default 1
   */
  readonly burst?: number;
}

/**
 * What the chaos server does. Routes win over rates; a route given an array plays one fault
 * per request, in order, then falls through to the rates (`[503, 503]` then healthy).
 *
 * @example
 * ```ts
 * const faults: ChaosFaults = {
 *   routes: { 'POST /hooks/gone': { kind: 'respond', status: 410 } },
 *   rates: [{ fault: { kind: 'respond', status: 503 }, rate: 0.3 }, { fault: { kind: 'hang' }, rate: 0.1 }],
 *   seed: 7,
 * };
 * ```
 */
export interface ChaosFaults {
  /** Keyed by `'METHOD /path'` or `'/path'` (query string ignored); the method form wins. */
  readonly routes?: Readonly<Record<string, Fault | readonly Fault[]>>;
  readonly rates?: readonly RatedFault[];
  /** Seed of the random draws for `rates`. @default 1 */
  readonly seed?: number;
  /** Answer for requests that draw no fault. @default 200 with `{"ok":true}` */
  readonly respond?: (request: RecordedRequest) => RespondFault;
}
