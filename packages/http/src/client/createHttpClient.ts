import { defaultRuntime } from '@ballast/core';
import { HttpTransport } from '../transport/HttpTransport.js';
import type { PreparedRequest } from '../transport/PreparedRequest.js';
import { composeChains } from './composeChains.js';
import { HttpClient } from './HttpClient.js';
import type { HttpClientOptions } from './HttpClientOptions.js';
import { readClientOptions } from './readClientOptions.js';

/**
 * Creates an HTTP client on undici's `request` with a private Agent, finite connect, headers
 * and body timeouts, classified errors, and the resilience aspects woven around it:
 * `Retry ( CircuitBreaker ( RateLimit ( Timeout ( Bulkhead ( send ) ) ) ) )`, per host.
 * Only idempotent requests, or requests carrying an idempotency key, are retried.
 *
 * @example
 * ```ts
 * const client = createHttpClient({
 *   runtime,
 *   headersTimeoutMs: 2_000,
 *   retry: { maxAttempts: 4 },
 *   circuitBreaker: { failureRateThreshold: 50, minimumCalls: 10 },
 *   rateLimit: { rate: 1, interval: 1_000, maxWait: 5_000 },
 * });
 * const res = await client.postJson(hookUrl, alert, { idempotencyKey: alert.id });
 * ```
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const settings = readClientOptions(options);
  const runtime = options.runtime ?? defaultRuntime();
  const transport = new HttpTransport(settings, runtime.clock);
  const send = (request: PreparedRequest) => transport.send(request);
  let chains;
  try {
    chains = composeChains(send, options, settings, runtime);
  } catch (error) {
    void transport.agent.destroy(); // bad resilience options: leave no pool behind
    throw error;
  }
  return new HttpClient(transport, chains.retrying, chains.once, settings);
}
