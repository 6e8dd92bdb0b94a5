import { type Clock, systemClock } from '@ballast/core';
import { Breaker } from './Breaker.js';
import type { BreakerEnvironment } from './BreakerEnvironment.js';
import { readBreakerConfig } from './BreakerConfig.js';
import type { BreakerState } from './BreakerState.js';
import type { CircuitBreakerOptions } from './CircuitBreaker.js';

/** Where a standalone breaker runs; see {@link createBreaker}. */
export interface StandaloneBreakerOptions {
  /**
   * Name in errors.
   * @default 'breaker'
   */
  readonly name?: string;
  /**
   * Time source (inject one in tests).
   * @default systemClock
   */
  readonly clock?: Clock;
  /** Called after every state change. */
  readonly onTransition?: (breaker: Breaker, from: BreakerState, to: BreakerState) => void;
}

/**
 * A circuit breaker without decorators or a runtime, validated like `@CircuitBreaker` options
 * (`key`, `maxKeys` and `keyIdleTtl` do not apply: one breaker is one circuit).
 *
 * @example
 * ```ts
 * const breaker = createBreaker({ failureRateThreshold: 25, openDuration: { initial: 1_000, max: 60_000 } });
 * const user = await breaker.execute(() => api.getUser(id));
 * ```
 */
export function createBreaker(
  options?: CircuitBreakerOptions,
  where: StandaloneBreakerOptions = {},
): Breaker {
  const config = readBreakerConfig(options, 'createBreaker');
  const environment: BreakerEnvironment = {
    name: where.name ?? config.name ?? 'breaker',
    clock: where.clock ?? systemClock,
    ...(where.onTransition === undefined ? {} : { onTransition: where.onTransition }),
  };
  return new Breaker(config, environment);
}
