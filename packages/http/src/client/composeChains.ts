import { type AspectUse, protect, type Runtime } from '@ballast/core';
import { bulkhead, circuitBreaker, rateLimit, retry, timeout } from '@ballast/resilience';
import { HttpError } from '../errors/HttpError.js';
import { HttpAbortedError, HttpTimeoutError } from '../errors/httpErrors.js';
import type { PreparedRequest } from '../transport/PreparedRequest.js';
import type { SendChain } from './HttpClient.js';
import { HostBulkheads } from './HostBulkheads.js';
import type { ResilienceOptions } from './ResilienceOptions.js';
import type { ClientSettings } from './readClientOptions.js';

/** The two chains a client sends through: with retry (idempotent requests) and without. */
export interface SendChains {
  readonly retrying: SendChain;
  readonly once: SendChain;
}

function hostOf(args: unknown[]): string {
  return (args[0] as PreparedRequest).host;
}

function isRetryable(error: unknown): boolean {
  return HttpError.is(error) && error.retryable;
}

/** Breaker failures: the dependency itself is unwell, not pacing us or refusing a bad request. */
function isBreakerFailure(error: unknown): boolean {
  if (!HttpError.is(error)) return true;
  return error.retryable && error.status !== 429 && error.status !== 425;
}

/** Outcomes that say nothing about the dependency: the caller gave up, or had no time left to send. */
function isCallerGivingUp(error: unknown): boolean {
  return HttpAbortedError.is(error) || (HttpTimeoutError.is(error) && !error.retryable);
}

/**
 * Weaves the resilience aspects around the transport, once, at client creation:
 * `Retry ( CircuitBreaker ( RateLimit ( Timeout ( Bulkhead ( send ) ) ) ) )`, with breakers and
 * rate limits keyed by host and one bulkhead per host. Both chains share the same breakers and
 * limits (same names), so a host's health is judged from every request sent to it.
 */
export function composeChains(
  send: SendChain,
  options: ResilienceOptions,
  settings: ClientSettings,
  runtime: Runtime,
): SendChains {
  const name = options.name ?? 'http';
  const { attemptTimeoutMs, connectionsPerOrigin } = settings;
  const bulkheadOptions = options.bulkhead;
  const inner =
    bulkheadOptions === false
      ? send
      : new HostBulkheads(send, name, runtime, (bulkheadName) =>
          bulkhead({
            maxConcurrent: connectionsPerOrigin,
            maxQueue: 256,
            queueTimeout: 5_000,
            ...bulkheadOptions,
            name: bulkheadName,
          }),
        ).send;
  const shared: AspectUse[] = [];
  if (options.circuitBreaker !== false) {
    shared.push(
      circuitBreaker({
        recordOn: isBreakerFailure,
        ignore: isCallerGivingUp,
        ...options.circuitBreaker,
        name,
        key: hostOf,
      }),
    );
  }
  if (options.rateLimit !== undefined && options.rateLimit !== false) {
    shared.push(rateLimit({ ...options.rateLimit, name, key: hostOf }));
  }
  if (attemptTimeoutMs !== false) shared.push(timeout({ ms: attemptTimeoutMs, name }));
  const once = shared.length === 0 ? inner : protect(inner, shared, { runtime, name });
  if (options.retry === false) return { retrying: once, once };
  const retryUse = retry({
    maxAttempts: 3,
    onGiveUp: 'rethrow',
    retryOn: [isRetryable, 'BALLAST_ERR_TIMEOUT'],
    name,
    ...options.retry,
  });
  return { retrying: protect(inner, [retryUse, ...shared], { runtime, name }), once };
}
