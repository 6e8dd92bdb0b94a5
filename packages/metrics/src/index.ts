export type {
  BallastMetrics,
  BallastMetricsOptions,
  DefaultMetricsOptions,
} from './BallastMetricsOptions.js';
export { BALLAST_METRICS } from '@ballast/metric-catalogue';
export type { MergeRule, MetricFamily, MetricType } from '@ballast/metric-catalogue';
export {
  clusterMetricsHandler,
  type ClusterMetricsHandlerOptions,
} from './cluster/clusterMetricsHandler.js';
export { shareMetricsWithPrimary } from './cluster/shareMetricsWithPrimary.js';
export { registerBallastMetrics } from './registerBallastMetrics.js';
