import type { Runtime } from '@ballast/core';

/** Plain-number counters of one fallback policy, read at scrape time by exporters. */
export class FallbackStatistics {
  /** Failures replaced by a fallback value (any source). */
  fallbacks = 0;
  /** Of those, served from the last-known-good cache. */
  lastKnownGood = 0;
  /** Times an `onFallback` hook threw (counted, never passed on). */
  hookErrors = 0;

  /** @param name - the policy's `name` option, or the method's `Class.method`. */
  constructor(readonly name: string) {}
}

const REGISTRY = Symbol.for('ballast.resilience.fallbackStatistics');

/** @internal the statistics of policy `name`, created on first use. */
export function fallbackStatisticsFor(runtime: Runtime, name: string): FallbackStatistics {
  const map = runtime.service(REGISTRY, () => new Map<string, FallbackStatistics>());
  let statistics = map.get(name);
  if (statistics === undefined) {
    statistics = new FallbackStatistics(name);
    map.set(name, statistics);
  }
  return statistics;
}

/**
 * Live statistics of every fallback policy woven in `runtime`, by name.
 *
 * @example
 * ```ts
 * const served = fallbackStatistics(runtime).get('Quotes.latest')?.fallbacks ?? 0;
 * ```
 */
export function fallbackStatistics(
  runtime: Runtime,
): ReadonlyMap<string, Readonly<FallbackStatistics>> {
  return runtime.peekService<Map<string, FallbackStatistics>>(REGISTRY) ?? new Map();
}
