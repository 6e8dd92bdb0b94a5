import type { HttpTransport } from '../transport/HttpTransport.js';
import { PreparedRequest, type RequestDefaults } from '../transport/PreparedRequest.js';
import type { HttpRequest } from './HttpRequest.js';
import type { HttpResponse } from './HttpResponse.js';

/** Sends a prepared request through a chain of aspects (or none) down to the transport. */
export type SendChain = (request: PreparedRequest) => Promise<HttpResponse>;

/** Per-origin connection counters of the client's private agent. */
export interface OriginStats {
  readonly connected: number;
  readonly free: number;
  readonly pending: number;
  readonly running: number;
}

/**
 * An HTTP client with its own connection pool, finite timeouts and classified errors; made by
 * {@link createHttpClient}. Idempotent requests (and those carrying an idempotency key) go
 * through the retrying chain; the others are sent once.
 */
export class HttpClient {
  readonly #transport: HttpTransport;
  readonly #retrying: SendChain;
  readonly #once: SendChain;
  readonly #defaults: RequestDefaults;

  /** @internal use {@link createHttpClient}. */
  constructor(
    transport: HttpTransport,
    retrying: SendChain,
    once: SendChain,
    defaults: RequestDefaults,
  ) {
    this.#transport = transport;
    this.#retrying = retrying;
    this.#once = once;
    this.#defaults = defaults;
  }

  /**
   * Sends `request`. Resolves with a 2xx response (body read); rejects with an `HttpError`
   * subclass, or an aspect's error (`CircuitOpenError`, `BulkheadFullError`, …).
   */
  request(request: HttpRequest): Promise<HttpResponse> {
    let prepared: PreparedRequest;
    try {
      prepared = new PreparedRequest(request, this.#defaults);
    } catch (error) {
      return Promise.reject(error);
    }
    return prepared.idempotent ? this.#retrying(prepared) : this.#once(prepared);
  }

  /** `GET url`. */
  get(url: string, init: Omit<HttpRequest, 'url' | 'method'> = {}): Promise<HttpResponse> {
    return this.request({ ...init, url, method: 'GET' });
  }

  /** `POST url` with a JSON body; retried only when `init.idempotencyKey` is given. */
  postJson(
    url: string,
    json: unknown,
    init: Omit<HttpRequest, 'url' | 'method' | 'json' | 'body'> = {},
  ): Promise<HttpResponse> {
    return this.request({ ...init, url, method: 'POST', json });
  }

  /** Connection counters per origin (`http://host:port`) of the private agent. */
  stats(): Readonly<Record<string, OriginStats>> {
    const result: Record<string, OriginStats> = {};
    for (const [origin, stats] of Object.entries(this.#transport.agent.stats)) {
      // One connection per origin makes undici use a Client, whose `connected` is a boolean.
      if (typeof stats.connected === 'boolean') {
        const connected = stats.connected ? 1 : 0;
        result[origin] = {
          connected,
          free: connected - Math.min(connected, stats.running),
          pending: stats.pending,
          running: stats.running,
        };
      } else {
        const pool = stats as { connected: number; free: number; pending: number; running: number };
        result[origin] = {
          connected: pool.connected,
          free: pool.free,
          pending: pool.pending,
          running: pool.running,
        };
      }
    }
    return result;
  }

  /** Closes the connection pool after requests in flight finish. */
  close(): Promise<void> {
    return this.#transport.close();
  }
}
