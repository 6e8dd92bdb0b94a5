import type { Runtime } from '@ballast/core';
import type { FlagStatistics } from './FlagStatistics.js';
import { FlagStore } from './FlagStore.js';

const FLAGS = Symbol.for('ballast.flags.store');

/**
 * The runtime's flag store, created empty on first use. `@FeatureFlag` methods woven with this
 * runtime evaluate against it, so load flags (or attach sources) on the same runtime.
 *
 * @example
 * ```ts
 * const runtime = createRuntime();
 * const flags = flagsOf(runtime);
 * watchFlagFile(flags, './flags.json');
 * const search = weave(new SearchService(), runtime); // its @FeatureFlag reads `flags`
 * ```
 */
export function flagsOf(runtime: Runtime): FlagStore {
  return runtime.service(FLAGS, (owner) => new FlagStore(owner));
}

/**
 * The evaluation counters of the runtime's flag store, or undefined when the runtime has none
 * (nothing evaluated flags). For exporters: reading never creates a store.
 *
 * @example
 * ```ts
 * for (const { flag, variant, reason, count } of flagStatisticsOf(runtime)?.counts() ?? []) {
 *   counter.set({ flag, variant, reason }, count); // ballast_feature_flag_evaluations_total
 * }
 * ```
 */
export function flagStatisticsOf(runtime: Runtime): FlagStatistics | undefined {
  return runtime.peekService<FlagStore>(FLAGS)?.statistics;
}
