// `@ballast/metrics/catalogue`: the metric catalogue and the reading of the aspects' statistics,
// without prom-client, for other exporters (`@ballast/opentelemetry`).
export { BALLAST_METRICS } from './BALLAST_METRICS.js';
export type { MergeRule, MetricFamily, MetricType } from './MetricFamily.js';
export type { Labels, Sample, SampleSet } from '../collect/SampleSet.js';
export { StatisticsCollector } from '../collect/StatisticsCollector.js';
