import type { Runtime } from '@ballast/core';
import { RedisUnavailableError } from '../errors.js';
import './FallbackCounter.js';

/** An error summary, as `AlertDeduper.report` from `@ballast/safe-log` takes it. */
export interface RedisAlertSummary {
  readonly message: string;
  readonly source: string;
  readonly errorName?: string;
  readonly code?: string;
}

/** Where the alerts go: `AlertDeduper` from `@ballast/safe-log` (deduplicated, rate-limited). */
export interface RedisAlertReporter {
  report(summary: RedisAlertSummary): void;
}

/**
 * Turns the runtime's `redis.fallback` and `redis.recovered` events into alerts: one when a
 * part starts serving from local state (`BALLAST_ERR_REDIS_UNAVAILABLE`, source
 * `redis:<component>:<name>`), one when it reaches Redis again with the fallbacks it counted.
 * Returns a function that stops it.
 *
 * @example
 * ```ts
 * const alerts = new AlertDeduper({ sink: new ConsoleAlertSink(), runtime });
 * alertOnRedisFallback(runtime, alerts);
 * ```
 */
export function alertOnRedisFallback(runtime: Runtime, alerts: RedisAlertReporter): () => void {
  const stopFallback = runtime.events.on('redis.fallback', ({ component, name, reason }) =>
    alerts.report({
      source: `redis:${component}:${name}`,
      errorName: 'RedisUnavailableError',
      code: RedisUnavailableError.code,
      message: `Redis unavailable (${reason}): ${component} "${name}" serves from local state`,
    }),
  );
  const stopRecovered = runtime.events.on('redis.recovered', ({ component, name, fallbacks }) =>
    alerts.report({
      source: `redis:${component}:${name}`,
      message: `Redis reachable again: ${component} "${name}" is back on it (${fallbacks} fallbacks counted)`,
    }),
  );
  return () => {
    stopFallback();
    stopRecovered();
  };
}
