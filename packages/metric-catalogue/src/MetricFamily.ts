/** Metric types: Prometheus' `# TYPE`, and the kind of OpenTelemetry instrument. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/**
 * How samples with the same labels from several runtimes on one registry (or several workers
 * of a cluster) combine: `sum` for counts, `max` for "is any in this state" gauges.
 */
export type MergeRule = 'sum' | 'max';

/** One metric family of the ballast catalogue: what it is called, measures and is labelled by. */
export interface MetricFamily {
  /** Full metric name (counters end in `_total`, durations in `_seconds`). */
  readonly name: string;
  readonly type: MetricType;
  /**
   * UCUM unit of the OpenTelemetry instrument: `s` or `By` (the name already ends in `_seconds`
   * or `_bytes`), or an annotation in braces, which OpenTelemetry's Prometheus translation drops,
   * so the series keep the Prometheus name. prom-client has no units.
   */
  readonly unit: string;
  /** Label names, in the order they are rendered (`le` of histogram buckets excluded). */
  readonly labelNames: readonly string[];
  /** The `# HELP` text, and the OpenTelemetry instrument's description. */
  readonly help: string;
  readonly merge: MergeRule;
}
