import type { Runtime } from '@ballast/core';
import { namedStatistics } from '../call/namedStatistics.js';

/** Plain-number counters of one guard, read at scrape time by exporters. */
export class GuardStatistics {
  /** Calls refused because an argument broke its contract. */
  argumentsRejected = 0;
  /** Calls failed because the result broke its contract. */
  resultsRejected = 0;
  /** Argument violations let through in `log-only` mode. */
  argumentsLogged = 0;
  /** Result violations let through in `log-only` mode. */
  resultsLogged = 0;
  /** Times an `onViolation` hook threw (counted, never passed on). */
  hookErrors = 0;

  /** @param name - the guard's `name` option, or the method's `Class.method`. */
  constructor(readonly name: string) {}
}

const registry = namedStatistics(
  Symbol.for('ballast.resilience.guardStatistics'),
  (name) => new GuardStatistics(name),
);

/** @internal the statistics of policy `name`, created on first use. */
export function guardStatisticsFor(runtime: Runtime, name: string): GuardStatistics {
  return registry.of(runtime, name);
}

/**
 * Live statistics of every guard woven in `runtime`, by name.
 *
 * @example
 * ```ts
 * const s = guardStatistics(runtime).get('Users.rename');
 * if (s !== undefined && s.argumentsLogged > 0) console.warn('callers still send bad input');
 * ```
 */
export function guardStatistics(runtime: Runtime): ReadonlyMap<string, Readonly<GuardStatistics>> {
  return registry.read(runtime);
}
