import type { Runtime } from '@ballast/core';
import type { Observations } from './Observations.js';

/**
 * Reads one package's plain-number statistics of a runtime. Sections run one by one inside a
 * guard, so a section that throws costs only its own series (and is counted in
 * `ballast_metrics_collect_errors_total{section}`, as with the Prometheus exporter).
 */
export interface StatisticsSection {
  /** The `section` attribute of `ballast_metrics_collect_errors_total`. */
  readonly name: string;
  read(runtime: Runtime, out: Observations): void;
}
