import type { IncomingHttpHeaders } from 'node:http';

/** A 2xx response whose body has been read in full (so its connection is already reusable). */
export class HttpResponse {
  constructor(
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    /** The whole body (at most `maxResponseBytes`). */
    readonly body: Buffer,
  ) {}

  /** The body as UTF-8 text. */
  text(): string {
    return this.body.toString('utf8');
  }

  /** The body parsed as JSON. */
  json<T = unknown>(): T {
    return JSON.parse(this.body.toString('utf8')) as T;
  }
}
