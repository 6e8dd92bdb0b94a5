import type { Runtime } from '@ballast/core';
import { BALLAST_METRICS } from '../catalogue/BALLAST_METRICS.js';
import { breakerSection } from './breakerSection.js';
import { cacheSection } from './cacheSection.js';
import { callSection } from './callSection.js';
import { flagSection } from './flagSection.js';
import { guardSection } from './guardSection.js';
import { hedgeSection } from './hedgeSection.js';
import { logSection } from './logSection.js';
import {
  bulkheadSection,
  fallbackSection,
  rateLimitSection,
  timeoutSection,
} from './policySections.js';
import { retrySection } from './retrySection.js';
import { SampleSet } from './SampleSet.js';
import type { StatisticsSection } from './StatisticsSection.js';

const SECTIONS: readonly StatisticsSection[] = [
  callSection,
  retrySection,
  breakerSection,
  timeoutSection,
  bulkheadSection,
  rateLimitSection,
  fallbackSection,
  hedgeSection,
  cacheSection,
  guardSection,
  flagSection,
  logSection,
];

const COLLECT_ERRORS = 'ballast_metrics_collect_errors_total';

/**
 * Reads the statistics of every registered runtime into samples, once per scrape. prom-client
 * asks each family for its values in one synchronous pass (`registry.metrics()` maps over the
 * metrics and each `get()` runs up to its first `await`), so the samples are cached until the
 * next promise job: every family of one scrape shares one read, and the next scrape reads afresh.
 */
export class StatisticsReader {
  readonly #runtimes = new Set<Runtime>();
  /** Failed section reads so far, by section (a monotonic counter). */
  readonly #errors = new Map<string, number>();
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
      cached = this.#read();
      this.#cached = cached;
      // A promise job, not queueMicrotask/nextTick: fake timers (Jest, sinon) replace those,
      // and the cache would then outlive the scrape.
      void Promise.resolve().then(() => {
        this.#cached = undefined;
      });
    }
    return cached.get(family)!;
  }

  #read(): ReadonlyMap<string, SampleSet> {
    const merging = this.#runtimes.size > 1;
    const sets = new Map(BALLAST_METRICS.map((f) => [f.name, new SampleSet(f.merge, merging)]));
    const samples = (family: string): SampleSet => sets.get(family)!;
    for (const runtime of this.#runtimes) {
      for (const section of SECTIONS) {
        try {
          section.read(runtime, samples);
        } catch {
          // A scrape must never fail or break the service: the section's series are left out
          // (some may be partial) and the failure is counted where operators can alert on it.
          this.#errors.set(section.name, (this.#errors.get(section.name) ?? 0) + 1);
        }
      }
    }
    const errors = sets.get(COLLECT_ERRORS)!;
    for (const section of SECTIONS)
      errors.add({ section: section.name }, this.#errors.get(section.name) ?? 0);
    return sets;
  }
}
