export type {
  BallastMetrics,
  BallastMetricsOptions,
  DefaultMetricsOptions,
} from './BallastMetricsOptions.js';
export { BALLAST_METRICS } from './catalogue/BALLAST_METRICS.js';
export type { MergeRule, MetricFamily, MetricType } from './catalogue/MetricFamily.js';
export {
  clusterMetricsHandler,
  type ClusterMetricsHandlerOptions,
} from './cluster/clusterMetricsHandler.js';
export { shareMetricsWithPrimary } from './cluster/shareMetricsWithPrimary.js';
export { registerBallastMetrics } from './registerBallastMetrics.js';
