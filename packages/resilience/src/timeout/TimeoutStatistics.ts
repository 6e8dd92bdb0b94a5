import type { Runtime } from '@ballast/core';

/** Plain-number counters of one timeout policy, read at scrape time by exporters. */
export class TimeoutStatistics {
  /** Calls that hit their time limit. */
  timeouts = 0;
  /** Calls the caller's signal cancelled before they started or while timed. */
  cancelled = 0;
  /** Times an `onTimeout` hook threw (counted, never passed on). */
  hookErrors = 0;

  /** @param name - the policy's `name` option, or the method's `Class.method`. */
  constructor(readonly name: string) {}
}

const REGISTRY = Symbol.for('ballast.resilience.timeoutStatistics');

/** @internal the statistics of policy `name`, created on first use. */
export function timeoutStatisticsFor(runtime: Runtime, name: string): TimeoutStatistics {
  const map = runtime.service(REGISTRY, () => new Map<string, TimeoutStatistics>());
  let statistics = map.get(name);
  if (statistics === undefined) {
    statistics = new TimeoutStatistics(name);
    map.set(name, statistics);
  }
  return statistics;
}

/**
 * Live statistics of every timeout policy woven in `runtime`, by name.
 *
 * @example
 * ```ts
 * const late = [...timeoutStatistics(runtime).values()].reduce((n, s) => n + s.timeouts, 0);
 * ```
 */
export function timeoutStatistics(
  runtime: Runtime,
): ReadonlyMap<string, Readonly<TimeoutStatistics>> {
  return runtime.peekService<Map<string, TimeoutStatistics>>(REGISTRY) ?? new Map();
}
