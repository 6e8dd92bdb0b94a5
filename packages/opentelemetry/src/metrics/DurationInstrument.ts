import {
  type AdviceTarget,
  type ChainAspect,
  type ChainInstrument,
  isThenable,
  type Next,
  type Runtime,
} from '@ballast/core';
import type { Histogram } from '@opentelemetry/api';

/**
 * Records `ballast_call_duration_seconds{service,method}` as each call of a `@SafeLog` method
 * ends — the methods SafeLog times for the Prometheus histogram, with its buckets. The
 * OpenTelemetry API has no observable histogram, so this one is recorded per call; methods
 * without `@SafeLog` are left alone and pay nothing.
 */
export class DurationInstrument implements ChainInstrument {
  readonly #runtime: Runtime;
  readonly #histogram: Histogram;
  #enabled = true;

  constructor(runtime: Runtime, histogram: Histogram) {
    this.#runtime = runtime;
    this.#histogram = histogram;
  }

  /** Stops recording for good; the wrapped chains then only pay the check. */
  disable(): void {
    this.#enabled = false;
  }

  instrument(chain: Next, target: AdviceTarget, aspects: readonly ChainAspect[]): Next {
    if (!aspects.some((aspect) => aspect.name === 'SafeLog')) return chain;
    const clock = this.#runtime.clock;
    const attributes = { service: target.className, method: target.methodName };
    const record = (startedAt: number): void => {
      if (this.#enabled) this.#histogram.record((clock.now() - startedAt) / 1000, attributes);
    };
    return (invocation) => {
      if (!this.#enabled) return chain(invocation);
      const startedAt = clock.now();
      let result: unknown;
      try {
        result = chain(invocation);
      } catch (error) {
        record(startedAt);
        throw error;
      }
      if (!isThenable(result)) record(startedAt);
      else
        result.then(
          () => record(startedAt),
          () => record(startedAt),
        );
      return result;
    };
  }
}
