import type { IncomingHttpHeaders } from 'node:http';

/** One request as the chaos server received it, in arrival order. */
export interface RecordedRequest {
  /** Arrival number, from 1. */
  readonly seq: number;
  readonly method: string;
  /** Path with query string, as sent. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Body as UTF-8 text ('' when none). */
  readonly body: string;
  /** `Date.now()` when the body was fully read. */
  readonly receivedAt: number;
  /** Which connection carried it (from 1), to check keep-alive reuse. */
  readonly connection: number;
  /** What the server did: the fault kind, or `'respond'` for a normal answer. */
  readonly fault: string;
}
