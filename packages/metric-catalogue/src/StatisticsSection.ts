import type { Runtime } from '@ballast/core';
import type { SampleSet } from './SampleSet.js';

/** The sample set of a metric family, by family name, for the scrape in progress. */
export type FamilySamples = (family: string) => SampleSet;

/**
 * Reads one package's plain-number statistics of a runtime into samples. Sections run one by
 * one inside a guard, so a section that throws costs only its own series.
 */
export interface StatisticsSection {
  /** The `section` label of `ballast_metrics_collect_errors_total`. */
  readonly name: string;
  read(runtime: Runtime, samples: FamilySamples): void;
}
