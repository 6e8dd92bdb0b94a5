import type { Runtime } from '@ballast/core';
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
