import type { Runtime } from '@ballast/core';

/** How a logical call ended, as SafeLog counts it. */
export type CallOutcome = 'success' | 'error' | 'timeout' | 'swallowed';

/** Upper bounds (seconds, inclusive) of the call-duration histogram buckets; one more bucket holds the rest. */
export const DURATION_BUCKETS_SECONDS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** Plain-number statistics of one woven method (live: they change as calls complete). */
export interface MethodCallStatistics {
  /** Class name (the `service` label). */
  readonly service: string;
  /** Method name (the `method` label). */
  readonly method: string;
  /** Calls completed, by outcome (the `outcome` label of `ballast_calls_total`). */
  readonly calls: Readonly<Record<CallOutcome, number>>;
  /** Durations of completed calls in seconds. */
  readonly duration: {
    /** Always {@link DURATION_BUCKETS_SECONDS}. */
    readonly bounds: readonly number[];
    /**
     * Per-bucket counts, NOT cumulative: `counts[i]` holds durations in (bounds[i-1], bounds[i]];
     * `counts[bounds.length]` holds those above the last bound (+Inf). Prometheus wants the running sum.
     */
    readonly counts: readonly number[];
    /** Sum of all durations, seconds. */
    readonly sum: number;
    /** Number of durations recorded (= total calls). */
    readonly count: number;
  };
}

/** @internal the mutable statistics of one method. */
export class MethodCounters implements MethodCallStatistics {
  readonly calls = { success: 0, error: 0, timeout: 0, swallowed: 0 };
  readonly duration = {
    bounds: DURATION_BUCKETS_SECONDS,
    counts: new Array<number>(DURATION_BUCKETS_SECONDS.length + 1).fill(0),
    sum: 0,
    count: 0,
  };

  constructor(
    readonly service: string,
    readonly method: string,
  ) {}

  record(outcome: CallOutcome, seconds: number): void {
    this.calls[outcome]++;
    if (!Number.isFinite(seconds) || seconds < 0) return; // a clock jump must not poison the sum
    const bounds = DURATION_BUCKETS_SECONDS;
    let index = 0;
    while (index < bounds.length && seconds > bounds[index]!) index++;
    this.duration.counts[index]!++;
    this.duration.sum += seconds;
    this.duration.count++;
  }
}

const REGISTRY = Symbol.for('ballast.safe-log.calls');

/** @internal the counters of `service.method` on `runtime`, created once (shared across re-weaves). */
export function methodCounters(runtime: Runtime, service: string, method: string): MethodCounters {
  const registry = runtime.service(REGISTRY, () => new Map<string, MethodCounters>());
  const key = `${service}\u0000${method}`;
  let counters = registry.get(key);
  if (counters === undefined) {
    counters = new MethodCounters(service, method);
    registry.set(key, counters);
  }
  return counters;
}

/**
 * Per-method call statistics kept by SafeLog on `runtime`, for the metrics exporter
 * (`ballast_calls_total{service,method,outcome}`, `ballast_call_duration_seconds`). The
 * objects are live and read-only; one entry per woven method, so the series stay bounded.
 *
 * @example
 * ```ts
 * for (const s of callStatistics(runtime)) console.log(s.service, s.method, s.calls.success, s.duration.sum);
 * ```
 */
export function callStatistics(runtime: Runtime): readonly MethodCallStatistics[] {
  const registry = runtime.peekService<Map<string, MethodCounters>>(REGISTRY);
  return registry === undefined ? [] : [...registry.values()];
}
