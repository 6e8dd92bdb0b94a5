import type {
  DefaultMetricsCollectorConfiguration,
  Registry,
  RegistryContentType,
} from 'prom-client';

/** Options of prom-client's `collectDefaultMetrics` (the registry is the one given to ballast). */
export type DefaultMetricsOptions = Omit<
  DefaultMetricsCollectorConfiguration<RegistryContentType>,
  'register'
>;

/** Options of {@link registerBallastMetrics}. */
export interface BallastMetricsOptions {
  /**
   * The prom-client registry to add the ballast metrics to.
   * @default prom-client's global `register`
   */
  readonly registry?: Registry<RegistryContentType>;
  /**
   * Also collect prom-client's default Node.js metrics (CPU, memory, event loop lag, GC, …) into
   * the registry, once per registry; an object is passed to `collectDefaultMetrics`. Skipped when
   * the registry already has them.
   * @default true
   */
  readonly defaultMetrics?: boolean | DefaultMetricsOptions;
}

/** What {@link registerBallastMetrics} returns. */
export interface BallastMetrics {
  /** The registry the metrics were added to. */
  readonly registry: Registry<RegistryContentType>;
  /**
   * Stops reading this runtime at scrape time; the ballast families leave the registry with the
   * last runtime. Called by `runtime.dispose()`. Idempotent.
   */
  unregister(): void;
}
