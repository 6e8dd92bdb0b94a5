export { BALLAST_METRICS } from './BALLAST_METRICS.js';
export type { MergeRule, MetricFamily, MetricType } from './MetricFamily.js';
export type { Labels, Sample, SampleSet } from './SampleSet.js';
export { StatisticsCollector } from './StatisticsCollector.js';
