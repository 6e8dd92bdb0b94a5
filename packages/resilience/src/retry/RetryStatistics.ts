import type { Runtime } from '@ballast/core';

/**
 * Plain-number counters of one retry policy, read at scrape time by exporters (no prom-client
 * call on the request path). Calls are counted when they settle.
 */
export class RetryStatistics {
  /** Succeeded on the first attempt. */
  successfulWithoutRetry = 0;
  /** Succeeded after at least one retry. */
  successfulWithRetry = 0;
  /** Failed without a retry (not retryable, or no retry allowed). */
  failedWithoutRetry = 0;
  /** Failed after at least one retry. */
  failedWithRetry = 0;
  /** Retries refused because the policy's retry budget was spent. */
  budgetExhausted = 0;
  /** Calls the caller's signal cancelled (none of the four outcomes above). */
  cancelled = 0;
  /** Times an `onRetry` or `onGiveUp` hook threw (counted, never passed on). */
  hookErrors = 0;

  /** @param name - the policy's `name` option, or the method's `Class.method`. */
  constructor(readonly name: string) {}
}

const REGISTRY = Symbol.for('ballast.resilience.retryStatistics');

function registry(runtime: Runtime): Map<string, RetryStatistics> {
  return runtime.service(REGISTRY, () => new Map<string, RetryStatistics>());
}

/** @internal the statistics of policy `name`, created on first use. */
export function retryStatisticsFor(runtime: Runtime, name: string): RetryStatistics {
  const map = registry(runtime);
  let statistics = map.get(name);
  if (statistics === undefined) {
    statistics = new RetryStatistics(name);
    map.set(name, statistics);
  }
  return statistics;
}

/**
 * Live statistics of every retry policy woven in `runtime`, by name. The objects are updated in
 * place; read them at scrape time.
 *
 * @example
 * ```ts
 * for (const [name, s] of retryStatistics(runtime)) gauge.set({ name }, s.failedWithRetry);
 * ```
 */
export function retryStatistics(runtime: Runtime): ReadonlyMap<string, Readonly<RetryStatistics>> {
  return runtime.peekService<Map<string, RetryStatistics>>(REGISTRY) ?? new Map();
}
