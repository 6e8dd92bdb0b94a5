import type { Runtime } from '@ballast/core';

/** Per-runtime statistics objects of one aspect, by policy name; see {@link namedStatistics}. */
export interface NamedStatistics<S> {
  /** The statistics of policy `name` in `runtime`, created on first use. */
  of(runtime: Runtime, name: string): S;
  /** Every policy's statistics in `runtime`, by name (live objects). */
  read(runtime: Runtime): ReadonlyMap<string, Readonly<S>>;
}

/**
 * @internal the registry behind an aspect's `xxxStatistics(runtime)` reader: one live counters
 * object per policy name, kept as a runtime service under `key` (read without creating it).
 */
export function namedStatistics<S>(key: symbol, create: (name: string) => S): NamedStatistics<S> {
  return {
    of(runtime, name) {
      const map = runtime.service(key, () => new Map<string, S>());
      let statistics = map.get(name);
      if (statistics === undefined) {
        statistics = create(name);
        map.set(name, statistics);
      }
      return statistics;
    },
    read: (runtime) => runtime.peekService<Map<string, S>>(key) ?? new Map(),
  };
}
