import type { Runtime } from '@ballast/core';
import { StatisticsCollector } from '@ballast/metric-catalogue';
import { DURATION_BUCKETS_SECONDS } from '@ballast/safe-log';
import type { BatchObservableResult, Histogram, Meter, Observable } from '@opentelemetry/api';
import { BALLAST_INSTRUMENTS, type InstrumentSpec } from './BALLAST_INSTRUMENTS.js';

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
  readonly #collector = new StatisticsCollector();

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
    // Several runtimes' samples arrive combined: an SDK keeps only the last observation of a
    // series. The histogram's samples are read too but not observed (recorded per call instead).
    const samples = this.#collector.read(this.#runtimes);
    for (const [name, instrument] of this.#observables) {
      for (const { labels, value } of samples.get(name)!.samples)
        result.observe(instrument, value, labels);
    }
  };
}
