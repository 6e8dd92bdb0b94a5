import type { Runtime } from '@ballast/core';
import { BALLAST_METRICS } from './BALLAST_METRICS.js';
import { breakerSection } from './sections/breakerSection.js';
import { cacheSection } from './sections/cacheSection.js';
import { callSection } from './sections/callSection.js';
import { flagSection } from './sections/flagSection.js';
import { guardSection } from './sections/guardSection.js';
import { hedgeSection } from './sections/hedgeSection.js';
import { logSection } from './sections/logSection.js';
import {
  bulkheadSection,
  fallbackSection,
  rateLimitSection,
  timeoutSection,
} from './sections/policySections.js';
import { retrySection } from './sections/retrySection.js';
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
 * Reads the statistics of runtimes into the samples of every {@link BALLAST_METRICS} family:
 * the one reading both exporters share (`registerBallastMetrics` renders the samples for
 * prom-client, `@ballast/opentelemetry` observes them). It counts the sections that failed, so
 * keep one collector per registry or meter.
 *
 * @example
 * ```ts
 * const collector = new StatisticsCollector();
 * const samples = collector.read(new Set([runtime]));
 * const retries = samples.get('ballast_retry_calls_total')!.samples;
 * ```
 */
export class StatisticsCollector {
  /** Failed section reads so far, by section (a monotonic counter). */
  readonly #errors = new Map<string, number>();

  /**
   * The samples of every family, by family name, read from `runtimes` now. Samples of several
   * runtimes with the same labels are combined by the family's merge rule.
   */
  read(runtimes: ReadonlySet<Runtime>): ReadonlyMap<string, SampleSet> {
    const merging = runtimes.size > 1;
    const sets = new Map(BALLAST_METRICS.map((f) => [f.name, new SampleSet(f.merge, merging)]));
    const samples = (family: string): SampleSet => sets.get(family)!;
    for (const runtime of runtimes) {
      for (const section of SECTIONS) {
        try {
          section.read(runtime, samples);
        } catch {
          // Reading must never fail or break the service: the section's series are left out
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
