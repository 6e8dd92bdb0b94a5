import { ConfigError, Runtime } from '@ballast/core';
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
 *
 * @throws ConfigError (`BALLAST_ERR_CONFIG`) when `runtime` is not a Runtime.
 */
export function flagsOf(runtime: Runtime): FlagStore {
  return runtimeFrom(runtime, 'flagsOf').service(FLAGS, (owner) => new FlagStore(owner));
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
 *
 * @throws ConfigError (`BALLAST_ERR_CONFIG`) when `runtime` is not a Runtime.
 */
export function flagStatisticsOf(runtime: Runtime): FlagStatistics | undefined {
  return runtimeFrom(runtime, 'flagStatisticsOf').peekService<FlagStore>(FLAGS)?.statistics;
}

/** Refuses anything but a Runtime, saying what it got by kind only (a string may be a secret). */
function runtimeFrom(value: unknown, where: string): Runtime {
  if (value instanceof Runtime) return value;
  const given =
    value === null || value === undefined
      ? String(value)
      : Array.isArray(value)
        ? 'an array'
        : typeof value === 'object'
          ? 'an object that is not a Runtime'
          : `a ${typeof value}`;
  throw new ConfigError(
    `${where}: expected a Runtime from createRuntime() (or the container's runtime), got ${given}.`,
  );
}
