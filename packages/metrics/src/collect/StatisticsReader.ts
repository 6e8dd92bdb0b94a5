import type { Runtime } from '@ballast/core';
import { type SampleSet, StatisticsCollector } from '@ballast/metric-catalogue';

/**
 * Reads the statistics of every registered runtime into samples, once per scrape. prom-client
 * asks each family for its values in one synchronous pass (`registry.metrics()` maps over the
 * metrics and each `get()` runs up to its first `await`), so the samples are cached until the
 * next promise job: every family of one scrape shares one read, and the next scrape reads afresh.
 */
export class StatisticsReader {
  readonly #runtimes = new Set<Runtime>();
  readonly #collector = new StatisticsCollector();
  #cached: ReadonlyMap<string, SampleSet> | undefined;

  /** Reads `runtime` from the next scrape on. */
  add(runtime: Runtime): void {
    this.#runtimes.add(runtime);
  }

  /** Stops reading `runtime`. */
  delete(runtime: Runtime): void {
    this.#runtimes.delete(runtime);
  }

  /** The samples of one family for the scrape in progress. */
  samples(family: string): SampleSet {
    let cached = this.#cached;
    if (cached === undefined) {
      cached = this.#collector.read(this.#runtimes);
      this.#cached = cached;
      // A promise job, not queueMicrotask/nextTick: fake timers (Jest, sinon) replace those,
      // and the cache would then outlive the scrape.
      void Promise.resolve().then(() => {
        this.#cached = undefined;
      });
    }
    return cached.get(family)!;
  }
}
