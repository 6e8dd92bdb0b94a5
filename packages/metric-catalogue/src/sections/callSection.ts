import { callStatistics, type MethodCallStatistics } from '@ballast/safe-log';
import type { SampleSet } from '../SampleSet.js';
import type { StatisticsSection } from '../StatisticsSection.js';

const OUTCOMES = ['success', 'error', 'timeout', 'swallowed'] as const;
const BUCKET = 'ballast_call_duration_seconds_bucket';
const SUM = 'ballast_call_duration_seconds_sum';
const COUNT = 'ballast_call_duration_seconds_count';

function allFinite(values: readonly number[]): boolean {
  for (const value of values) if (!Number.isFinite(value)) return false;
  return true;
}

/**
 * Renders SafeLog's pre-aggregated histogram. prom-client's `Histogram` only takes single
 * observations, so the series are written directly: SafeLog keeps per-bucket counts, Prometheus
 * wants cumulative `_bucket{le}` counts ending in `le="+Inf"` equal to `_count`.
 */
function addHistogram(statistics: MethodCallStatistics, out: SampleSet): void {
  const { service, method } = statistics;
  const { bounds, counts, sum } = statistics.duration;
  // One bad number would make the whole series inconsistent; leave the method out instead.
  if (!Number.isFinite(sum) || !allFinite(counts) || !allFinite(bounds)) return;
  let cumulative = 0;
  for (let i = 0; i < bounds.length; i++) {
    cumulative += counts[i] ?? 0;
    out.add({ service, method, le: bounds[i]! }, cumulative, BUCKET);
  }
  cumulative += counts[bounds.length] ?? 0;
  out.add({ service, method, le: '+Inf' }, cumulative, BUCKET);
  out.add({ service, method }, sum, SUM);
  out.add({ service, method }, cumulative, COUNT);
}

/** `ballast_calls_total` and `ballast_call_duration_seconds` from `@ballast/safe-log`. */
export const callSection: StatisticsSection = {
  name: 'calls',
  read(runtime, samples) {
    const calls = samples('ballast_calls_total');
    const durations = samples('ballast_call_duration_seconds');
    for (const statistics of callStatistics(runtime)) {
      const { service, method } = statistics;
      for (const outcome of OUTCOMES)
        calls.add({ service, method, outcome }, statistics.calls[outcome]);
      addHistogram(statistics, durations);
    }
  },
};
