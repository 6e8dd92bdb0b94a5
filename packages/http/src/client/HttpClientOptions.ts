import type { Runtime } from '@ballast/core';
import type { ResilienceOptions } from './ResilienceOptions.js';

/**
 * Options of {@link createHttpClient}. Every IO limit has a finite default: nothing waits
 * undici's 300 s. The resilience part is described in {@link ResilienceOptions}.
 */
export interface HttpClientOptions extends ResilienceOptions {
  /** Runtime owning clock, scheduler, events and breaker registries. @default the process-wide runtime */
  readonly runtime?: Runtime;
  /** Longest wait for a TCP (and TLS) connection. @default 5000 */
  readonly connectTimeoutMs?: number;
  /** Longest wait for the response headers once the request is sent. @default 10000 */
  readonly headersTimeoutMs?: number;
  /** Longest silence between two body chunks. @default 10000 */
  readonly bodyTimeoutMs?: number;
  /** Connections kept per origin; requests beyond wait in undici's queue. @default 16 */
  readonly connectionsPerOrigin?: number;
  /** Idle keep-alive connections close after this. @default 4000 */
  readonly keepAliveTimeoutMs?: number;
  /** Largest response body read; beyond it the request fails with BALLAST_ERR_HTTP_BODY_TOO_LARGE. @default 1048576 */
  readonly maxResponseBytes?: number;
  /** Longest `Retry-After` honoured; longer requests are capped to this. @default 60000 */
  readonly retryAfterCapMs?: number;
  /** Header carrying {@link HttpRequest.idempotencyKey}. @default 'idempotency-key' */
  readonly idempotencyKeyHeader?: string;
  /** Headers sent with every request (a request's own headers win). */
  readonly headers?: Readonly<Record<string, string>>;
}
