import type { Runtime } from '@ballast/core';
import { DURATION_BUCKETS_SECONDS } from '@ballast/safe-log';
import type { BatchObservableResult, Histogram, Meter, Observable } from '@opentelemetry/api';
import { BALLAST_INSTRUMENTS, type InstrumentSpec } from './BALLAST_INSTRUMENTS.js';
import { Observations } from './Observations.js';
import { STATISTICS_SECTIONS } from './statisticsSections.js';

const installations = new WeakMap<Meter, MeterInstallation>();

function observable(meter: Meter, spec: InstrumentSpec): Observable {
  const options = { unit: spec.unit, description: spec.description };
  return spec.kind === 'counter'
    ? meter.createObservableCounter(spec.name, options)
    : meter.createObservableGauge(spec.name, options);
}

/**
 * The ballast instruments of one meter and the runtimes they read: one per meter, so several
 * runtimes share one set of instruments and one batch callback, which reads every runtime's
 * statistics at collection time and combines them (as the Prometheus exporter does per
 * registry).
 */
export class MeterInstallation {
  /** `ballast_call_duration_seconds`, recorded as `@SafeLog` calls end (see `DurationInstrument`). */
  readonly durations: Histogram;
  readonly #meter: Meter;
  readonly #runtimes = new Set<Runtime>();
  readonly #observables = new Map<string, Observable>();
  /** Failed section reads so far, by section (a monotonic counter). */
  readonly #errors = new Map<string, number>();

  private constructor(meter: Meter) {
    this.#meter = meter;
    for (const spec of BALLAST_INSTRUMENTS) {
      if (spec.kind !== 'histogram') this.#observables.set(spec.name, observable(meter, spec));
    }
    const histogram = BALLAST_INSTRUMENTS.find((spec) => spec.kind === 'histogram')!;
    this.durations = meter.createHistogram(histogram.name, {
      unit: histogram.unit,
      description: histogram.description,
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
    });
  }

  /** The installation of `meter`, created on first use. */
  static of(meter: Meter): MeterInstallation {
    let installation = installations.get(meter);
    if (installation === undefined) {
      installation = new MeterInstallation(meter);
      installations.set(meter, installation);
    }
    return installation;
  }

  /** Reads `runtime` from the next collection on. */
  add(runtime: Runtime): void {
    if (this.#runtimes.size === 0)
      this.#meter.addBatchObservableCallback(this.#collect, [...this.#observables.values()]);
    this.#runtimes.add(runtime);
  }

  /** Stops reading `runtime`; with the last one the callback is removed. */
  delete(runtime: Runtime): void {
    if (!this.#runtimes.delete(runtime) || this.#runtimes.size > 0) return;
    this.#meter.removeBatchObservableCallback(this.#collect, [...this.#observables.values()]);
  }

  readonly #collect = (result: BatchObservableResult): void => {
    const out = new Observations();
    for (const runtime of this.#runtimes) {
      for (const section of STATISTICS_SECTIONS) {
        try {
          section.read(runtime, out);
        } catch {
          // A collection must never fail or break the service: the section's series are left
          // out (some may be partial) and the failure is counted where operators can alert.
          this.#errors.set(section.name, (this.#errors.get(section.name) ?? 0) + 1);
        }
      }
    }
    for (const section of STATISTICS_SECTIONS) {
      const errors = this.#errors.get(section.name) ?? 0;
      out.add('ballast_metrics_collect_errors_total', { section: section.name }, errors);
    }
    for (const [name, instrument] of this.#observables) {
      for (const { attributes, value } of out.of(name))
        result.observe(instrument, value, attributes);
    }
  };
}
