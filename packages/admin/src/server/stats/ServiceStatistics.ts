import type { Runtime, ScheduledTask } from '@ballast/core';
import { callStatistics, type MethodCallStatistics } from '@ballast/safe-log';
import { histogramQuantile } from './histogramQuantile.js';

/** Rates and latency of one woven method over the recent window. */
export interface ServiceRow {
  /** `Service.method`, the name `errorRate()` and the runbook condition take. */
  readonly name: string;
  readonly service: string;
  readonly method: string;
  /** Calls since start, by outcome. */
  readonly totals: Readonly<Record<'success' | 'error' | 'timeout' | 'swallowed', number>>;
  /** Seconds the rates cover (the sampled window); `null` before the first sample. */
  readonly windowSeconds: number | null;
  /** Calls per second over the window; `null` before the first sample. */
  readonly callRate: number | null;
  /** Failed (error, timeout, swallowed) / all calls over the window (0..1); `null` with no calls. */
  readonly errorRate: number | null;
  /** Latency percentiles in seconds over the window (since start before the first sample). */
  readonly latency: {
    readonly p50: number | null;
    readonly p95: number | null;
    readonly p99: number | null;
  };
}

interface Counts {
  readonly calls: number;
  readonly failed: number;
  readonly buckets: readonly number[];
}

interface Sample {
  readonly at: number;
  readonly methods: ReadonlyMap<string, Counts>;
}

function countsOf(s: MethodCallStatistics): Counts {
  const { success, error, timeout, swallowed } = s.calls;
  return {
    calls: success + error + timeout + swallowed,
    failed: error + timeout + swallowed,
    buckets: [...s.duration.counts],
  };
}

function nameOf(s: MethodCallStatistics): string {
  return `${s.service}.${s.method}`;
}

const ZERO: Counts = { calls: 0, failed: 0, buckets: [] };

/**
 * Call rate, error rate and latency percentiles per woven method, from SafeLog's pre-aggregated
 * counters (`callStatistics`). A sample of the counters is taken every `intervalMs` on the
 * runtime scheduler into a ring covering `windowSeconds`; figures are the difference between
 * now and the oldest sample, so reading costs nothing on the call path.
 *
 * @example
 * ```ts
 * const stats = new ServiceStatistics(runtime);
 * stats.start();
 * engine.registerCondition(errorRateAbove(stats)); // errorRate('PaymentsClient.quote')
 * ```
 */
export class ServiceStatistics {
  readonly #runtime: Runtime;
  readonly #intervalMs: number;
  readonly #ring: Sample[] = [];
  readonly #capacity: number;
  #task: ScheduledTask | undefined;
  #closed = false;

  /**
   * @param windowSeconds - span the rates cover. @default 60
   * @param intervalMs - sampling period. @default 1000
   */
  constructor(runtime: Runtime, windowSeconds = 60, intervalMs = 1000) {
    this.#runtime = runtime;
    this.#intervalMs = intervalMs;
    this.#capacity = Math.max(2, Math.ceil((windowSeconds * 1000) / intervalMs) + 1);
  }

  /** Samples every `intervalMs` until {@link ServiceStatistics.close} or runtime disposal. */
  start(): void {
    if (this.#task !== undefined || this.#closed) return;
    const tick = (): void => {
      if (this.#closed || this.#runtime.disposed) return;
      this.sample();
      this.#task = this.#runtime.scheduler.schedule(this.#intervalMs, tick);
    };
    tick();
  }

  /** Takes one sample now (the timer does this; tests may call it directly). */
  sample(): void {
    const methods = new Map<string, Counts>();
    for (const s of callStatistics(this.#runtime)) methods.set(nameOf(s), countsOf(s));
    this.#ring.push({ at: this.#runtime.clock.now(), methods });
    if (this.#ring.length > this.#capacity) this.#ring.shift();
  }

  /** One row per woven method, by name. */
  rows(): ServiceRow[] {
    const { span, base } = this.#window();
    return callStatistics(this.#runtime)
      .map((s) => {
        const name = nameOf(s);
        const current = countsOf(s);
        const before = base?.methods.get(name) ?? ZERO;
        const calls = current.calls - before.calls;
        const buckets = current.buckets.map((count, i) => count - (before.buckets[i] ?? 0));
        const q = (quantile: number): number | null =>
          histogramQuantile(s.duration.bounds, buckets, quantile);
        return {
          name,
          service: s.service,
          method: s.method,
          totals: { ...s.calls },
          windowSeconds: span > 0 ? span : null,
          callRate: span > 0 ? calls / span : null,
          errorRate: calls > 0 ? (current.failed - before.failed) / calls : null,
          latency: { p50: q(0.5), p95: q(0.95), p99: q(0.99) },
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Error rate (0..1) over the window of `Service.method`, or of every method of `Service`
   * together; `undefined` with no calls. Satisfies the runbook `errorRate.above` reader.
   */
  errorRate(name: string): number | undefined {
    const { base } = this.#window();
    let calls = 0;
    let failed = 0;
    for (const s of callStatistics(this.#runtime)) {
      const method = nameOf(s);
      if (method !== name && s.service !== name) continue;
      const current = countsOf(s);
      const before = base?.methods.get(method) ?? ZERO;
      calls += current.calls - before.calls;
      failed += current.failed - before.failed;
    }
    return calls > 0 ? failed / calls : undefined;
  }

  /**
   * Seconds since the oldest sample, and that sample as the base the figures are taken from;
   * no base (figures since start) before time has passed since the first sample.
   */
  #window(): { readonly span: number; readonly base: Sample | undefined } {
    const first = this.#ring[0];
    const span = first === undefined ? 0 : (this.#runtime.clock.now() - first.at) / 1000;
    return { span, base: span > 0 ? first : undefined };
  }

  /** Stops sampling. */
  close(): void {
    this.#closed = true;
    this.#task?.cancel();
  }
}
