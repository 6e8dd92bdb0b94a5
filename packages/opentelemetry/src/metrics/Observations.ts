import type { MetricAttributes } from '@opentelemetry/api';
import { BALLAST_INSTRUMENTS } from './BALLAST_INSTRUMENTS.js';

/** Attribute values of one observation (the Prometheus family's labels). */
export type ObservedAttributes = Readonly<Record<string, string | number>>;

interface Observation {
  readonly attributes: MetricAttributes;
  value: number;
}

const MERGE = new Map(BALLAST_INSTRUMENTS.map((spec) => [spec.name, spec.merge]));

/**
 * The observations of one collection, by instrument. Several runtimes reporting the same
 * attributes are combined by the instrument's merge rule (counts summed, "is any in this state"
 * gauges maxed), as the Prometheus exporter does: an SDK keeps only the last observation of a
 * series, so they must be combined before they are observed. NaN and ±Infinity are dropped.
 */
export class Observations {
  readonly #byInstrument = new Map<string, Map<string, Observation>>();

  add(instrument: string, attributes: ObservedAttributes, value: number): void {
    if (!Number.isFinite(value)) return;
    let series = this.#byInstrument.get(instrument);
    if (series === undefined) {
      series = new Map();
      this.#byInstrument.set(instrument, series);
    }
    const key = Object.values(attributes).join('\u0000');
    const existing = series.get(key);
    if (existing === undefined) series.set(key, { attributes, value });
    else if (MERGE.get(instrument) === 'max') existing.value = Math.max(existing.value, value);
    else existing.value += value;
  }

  /** The combined observations of `instrument`. */
  of(instrument: string): Iterable<Observation> {
    return this.#byInstrument.get(instrument)?.values() ?? [];
  }
}
