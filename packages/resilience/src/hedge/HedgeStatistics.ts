import type { Runtime } from '@ballast/core';
import { namedStatistics } from '../call/namedStatistics.js';

/** Plain-number counters of one hedge policy, read at scrape time by exporters. */
export class HedgeStatistics {
  /** Calls through the hedge (each attempt of an outer `@Retry` counts). */
  calls = 0;
  /** Hedged attempts sent. */
  hedged = 0;
  /** Calls answered by a hedged attempt rather than the first one. */
  hedgeWins = 0;
  /** Hedges not sent because the retry budget was spent. */
  budgetExhausted = 0;
  /** Attempts that lost the race and were cancelled through their signal. */
  losersCancelled = 0;
  /** Calls the caller's signal cancelled. */
  cancelled = 0;
  /** Times an `onHedge` hook threw (counted, never passed on). */
  hookErrors = 0;
  /** The delay the latest call hedged at (or would have), ms. */
  delayMs = 0;

  /** @param name - the policy's `name` option, or the method's `Class.method`. */
  constructor(readonly name: string) {}
}

const registry = namedStatistics(
  Symbol.for('ballast.resilience.hedgeStatistics'),
  (name) => new HedgeStatistics(name),
);

/** @internal the statistics of policy `name`, created on first use. */
export function hedgeStatisticsFor(runtime: Runtime, name: string): HedgeStatistics {
  return registry.of(runtime, name);
}

/**
 * Live statistics of every hedge policy woven in `runtime`, by name.
 *
 * @example
 * ```ts
 * const s = hedgeStatistics(runtime).get('Inventory.stock');
 * console.log(`${s?.hedged} hedges, ${s?.hedgeWins} won`);
 * ```
 */
export function hedgeStatistics(runtime: Runtime): ReadonlyMap<string, Readonly<HedgeStatistics>> {
  return registry.read(runtime);
}
