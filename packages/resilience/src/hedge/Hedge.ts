import { AspectPrecedence, type AspectUse, createDecorator, defineAspect } from '@ballast/core';
import { HedgeAdvice } from './HedgeAdvice.js';
import type { HedgeOptions } from './HedgeOptions.js';
import { type HedgePolicy, readHedgePolicy } from './HedgePolicy.js';

/**
 * The hedge aspect. Runs inside `@Retry` and outside `@CircuitBreaker`: a hedge is a retry in
 * time, so every hedged attempt passes the breaker (and the rate limit, timeout and bulkhead
 * below it) and takes one retry from the method's retry budget. Async methods only.
 */
export const HedgeAspect = defineAspect<HedgePolicy, HedgeOptions>({
  name: 'Hedge',
  precedence: AspectPrecedence.Hedge,
  supportsSync: false,
  validate: (input, where) => readHedgePolicy(input, where),
  create: (policy, runtime, target) => new HedgeAdvice(policy, runtime, target).advise,
});

/**
 * Cuts tail latency: when a call is slower than usual, sends the same call again and takes the
 * first answer, cancelling the other attempts through their signals. The delay is fixed or a
 * live percentile of the method's own latency (p95 by default). Only for idempotent methods:
 * without `idempotent: true` the decorator is refused with a `ConfigError`.
 *
 * @example
 * ```ts
 * class Inventory {
 *   @Hedge({ idempotent: true, delayMs: { percentile: 95, max: 500 } })
 *   @Timeout(2_000)
 *   async stock(sku: string): Promise<number> {
 *     const res = await fetch(`${base}/stock/${sku}`, { signal: currentSignal() ?? null });
 *     return ((await res.json()) as { count: number }).count;
 *   }
 * }
 * ```
 */
export const Hedge = createDecorator(HedgeAspect);

/**
 * The functional form of {@link Hedge} for `protect()` and `protectModule()`.
 *
 * @example
 * ```ts
 * const getStock = protect(fetchStock, [hedge({ idempotent: true, delayMs: 50 }), timeout(1_000)], { runtime });
 * ```
 */
export function hedge(options: HedgeOptions | string): AspectUse {
  return HedgeAspect.use(options);
}
