import { BALLAST_METRICS, type MetricType } from '@ballast/metric-catalogue';

/** How an instrument is exported: a monotonic sum, a gauge, or a histogram. */
export type InstrumentKind = MetricType;

/** One OpenTelemetry instrument of the ballast set: a family of the ballast catalogue. */
export interface InstrumentSpec {
  /**
   * The Prometheus family's name, kept as it is (`_total`, `_seconds` included): OpenTelemetry's
   * Prometheus translation appends neither again, so both exporters feed one dashboard.
   */
  readonly name: string;
  readonly kind: InstrumentKind;
  /**
   * UCUM unit: `s` or `By` (the name already ends in `_seconds` or `_bytes`), or an annotation
   * in braces, which the Prometheus translation drops.
   */
  readonly unit: string;
  /** The Prometheus family's help text. */
  readonly description: string;
  /** Attribute keys, the Prometheus family's label names. */
  readonly attributes: readonly string[];
  /** How observations of several runtimes with the same attributes combine. */
  readonly merge: 'sum' | 'max';
}

/**
 * The instruments `instrumentRuntime` creates: the catalogue of `@ballast/metric-catalogue`
 * (`BALLAST_METRICS`) in OpenTelemetry's words, read from the same statistics. Counters and
 * gauges are observable, read at collection time; the call-duration histogram is recorded as
 * each `@SafeLog` call ends, since the API has no observable histogram.
 *
 * @example
 * ```ts
 * const counters = BALLAST_INSTRUMENTS.filter((instrument) => instrument.kind === 'counter');
 * ```
 */
export const BALLAST_INSTRUMENTS: readonly InstrumentSpec[] = Object.freeze(
  BALLAST_METRICS.map((family) =>
    Object.freeze({
      name: family.name,
      kind: family.type,
      unit: family.unit,
      description: family.help,
      attributes: family.labelNames,
      merge: family.merge,
    }),
  ),
);
