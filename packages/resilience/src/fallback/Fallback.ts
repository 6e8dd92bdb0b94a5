import { type AspectUse, AspectPrecedence, createDecorator, defineAspect } from '@ballast/core';
import { FallbackAdvice } from './FallbackAdvice.js';
import type { FallbackOptions } from './FallbackOptions.js';
import { type FallbackPolicy, readFallbackPolicy } from './FallbackPolicy.js';

/**
 * The fallback aspect: the single outermost resilience layer (inside `@FeatureFlag` and
 * `@SafeLog`), so it never hides a failure from `@Retry` or the breaker.
 */
export const FallbackAspect = defineAspect<FallbackPolicy, FallbackOptions>({
  name: 'Fallback',
  precedence: AspectPrecedence.Fallback,
  supportsSync: true,
  validate: (input, where) => readFallbackPolicy(input, where),
  create: (policy, runtime, target) => new FallbackAdvice(policy, runtime, target).advise,
});

/**
 * Replaces the final failure of a call with a value: a fixed value, a handler's result, another
 * method of the class, or the last successful result for the same arguments.
 *
 * @example
 * ```ts
 * class Quotes {
 *   @Fallback({ lastKnownGood: { maxAge: 300_000 }, method: 'cachedQuote' })
 *   @Retry()
 *   async latest(symbol: string): Promise<Quote> { … }
 *
 *   cachedQuote(symbol: string, error: unknown): Quote { … }
 * }
 * ```
 */
export const Fallback = createDecorator(FallbackAspect);

/**
 * The functional form of {@link Fallback} for `protect()` and `protectModule()` (`method` needs
 * a class; use `handler` or `value` there).
 *
 * @example
 * ```ts
 * const readFlags = protect(loadFlags, [fallback({ value: {} }), timeout(500)], { runtime });
 * ```
 */
export function fallback(options: FallbackOptions | string): AspectUse {
  return FallbackAspect.use(options);
}
