import { AspectPrecedence, type AspectUse, createDecorator, defineAspect } from '@ballast/core';
import type { ManualBreakerState } from './BreakerState.js';
import type { BreakerStateEvent } from './BreakerStateEvent.js';
import type { BreakerConfig } from './BreakerConfig.js';
import type { BreakerOpening } from './OpenDuration.js';
import { readBreakerConfig } from './BreakerConfig.js';
import { createCircuitBreakerAdvice } from './CircuitBreakerAdvice.js';

/** Open duration that grows each time a half-open trial fails again. */
export interface OpenBackoff {
  /** Milliseconds open after the first trip. */
  readonly initial: number;
  /** Upper bound in milliseconds. */
  readonly max: number;
  /**
   * Factor applied per consecutive reopening.
   * @default 2
   */
  readonly multiplier?: number;
}

/** Options of {@link CircuitBreaker} and {@link circuitBreaker}. */
export interface CircuitBreakerOptions {
  /**
   * Registry name; breakers with the same name share state and statistics.
   * @default the method's qualified name (`Class.method`, or the name given to `protect()`)
   */
  readonly name?: string;
  /**
   * How outcomes are kept: the last `windowSize` calls (`count`), the calls of the last
   * `windowDuration` ms (`time`), or failures in a row (`consecutive`).
   * @default 'count'
   */
  readonly window?: 'count' | 'time' | 'consecutive';
  /**
   * Calls in a `count` window.
   * @default 100
   */
  readonly windowSize?: number;
  /**
   * Milliseconds covered by a `time` window.
   * @default 60000
   */
  readonly windowDuration?: number;
  /**
   * Slices a `time` window is aggregated in (old slices drop out whole).
   * @default 10
   */
  readonly windowBuckets?: number;
  /**
   * Failures in a row that open a `consecutive` breaker.
   * @default 5
   */
  readonly consecutiveFailures?: number;
  /**
   * Failure rate in percent (0 < x ≤ 100) at or above which the circuit opens.
   * @default 50
   */
  readonly failureRateThreshold?: number;
  /**
   * Slow-call rate in percent (0 < x ≤ 100) at or above which the circuit opens.
   * @default 100
   */
  readonly slowCallRateThreshold?: number;
  /**
   * A call lasting at least this many ms is slow. Unset: calls are not timed (no clock read).
   * @default undefined
   */
  readonly slowCallDuration?: number;
  /**
   * Calls the window must hold before rates are judged (never 0: one failure must not trip).
   * @default 20, or `windowSize` when smaller
   */
  readonly minimumCalls?: number;
  /**
   * Milliseconds the circuit stays open before probing: fixed, growing by backoff, or computed
   * per opening from its `openCount` and `cause` (a 429's Retry-After, say). A function's result
   * is clamped to 1 ms – 1 day; NaN or a throw opens for 30 s.
   * @default 30000
   */
  readonly openDuration?: number | OpenBackoff | ((opening: BreakerOpening) => number);
  /**
   * Probe calls let through in half-open; their outcomes decide between closed and open.
   * @default 5
   */
  readonly halfOpenProbes?: number;
  /**
   * Milliseconds after which half-open probes that never settled are written off and the circuit
   * opens again, so a hung probe cannot keep the breaker half-open.
   * @default 60000
   */
  readonly halfOpenMaxWait?: number;
  /**
   * Which errors are failures; an error it rejects counts as a success.
   * @default every error that is not ignored
   */
  readonly recordOn?: (error: unknown) => boolean;
  /**
   * Errors that count as neither success nor failure (a half-open probe permit is handed back).
   * @default none
   */
  readonly ignore?: (error: unknown) => boolean;
  /**
   * Counts a returned value as a failure (e.g. an HTTP 503 returned, not thrown); the caller
   * still gets the value. A predicate that throws counts the call as a failure.
   * @default none
   */
  readonly failOnResult?: (result: unknown) => boolean;
  /**
   * Called after every state change of the breakers under this name, with the `breaker.state`
   * payload (`from`, `to`, `reason`). A hook that throws is counted in `hookErrors` and never
   * breaks a call.
   * @default none
   */
  readonly onStateChange?: (event: BreakerStateEvent) => void;
  /**
   * Count bulkhead and rate-limit rejections (`BALLAST_ERR_BULKHEAD_FULL`,
   * `BALLAST_ERR_RATE_LIMITED`) as failures. By default they are ignored: our own load shedding
   * says nothing about the dependency's health.
   * @default false
   */
  readonly recordRejections?: boolean;
  /**
   * State the breaker starts in.
   * @default 'CLOSED'
   */
  readonly initialState?: ManualBreakerState;
  /**
   * One breaker per key (per host, per user): `([req]) => req.host`. Without it, one breaker.
   * @default undefined
   */
  // Decorator options cannot see the decorated method's parameter types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly key?: (args: any[]) => string;
  /**
   * Most keyed breakers kept alive; the least recently used is dropped beyond it.
   * @default 1000
   */
  readonly maxKeys?: number;
  /**
   * Milliseconds after which an unused keyed breaker is dropped.
   * @default 600000
   */
  readonly keyIdleTtl?: number;
}

/** The circuit breaker aspect; see {@link CircuitBreaker}. */
export const CircuitBreakerAspect = defineAspect<BreakerConfig, CircuitBreakerOptions>({
  name: 'CircuitBreaker',
  precedence: AspectPrecedence.CircuitBreaker,
  supportsSync: true,
  validate: readBreakerConfig,
  create: createCircuitBreakerAdvice,
});

/**
 * Stops calling a failing dependency: after too many failures (or slow calls) the circuit opens
 * and calls fail fast with `CircuitOpenError` (`BALLAST_ERR_CIRCUIT_OPEN`, carrying
 * `retryAfterMs`) until a few half-open probes show the dependency is back. Works on sync and
 * async methods. Manage breakers at run time with `breakerRegistry(runtime)`.
 *
 * @example
 * ```ts
 * class PaymentsClient {
 *   @CircuitBreaker({ failureRateThreshold: 50, minimumCalls: 20, openDuration: 30_000, key: ([req]) => req.host })
 *   async quote(req: QuoteRequest): Promise<Quote> { … }
 * }
 * ```
 */
export const CircuitBreaker = createDecorator(CircuitBreakerAspect);

/**
 * Functional form of {@link CircuitBreaker} for `protect()`.
 *
 * @example
 * ```ts
 * const get = protect(fetchJson, [circuitBreaker({ window: 'consecutive', consecutiveFailures: 3 })], { name: 'fetchJson' });
 * ```
 */
export function circuitBreaker(options?: CircuitBreakerOptions | string): AspectUse {
  return CircuitBreakerAspect.use(options);
}
