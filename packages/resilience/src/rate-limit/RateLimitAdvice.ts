import { type Advice, type AdviceTarget, isThenable, type Runtime } from '@ballast/core';
import type { RateLimitConfig } from './RateLimit.js';
import { rateLimitRegistry } from './rateLimitStatistics.js';

/**
 * Builds the rate limit advice for one method: a token at hand runs the call at once; a
 * booked token waits on the runtime's scheduler; a refusal is thrown (sync methods) or
 * returned as a rejected promise.
 */
export function createRateLimitAdvice(
  config: RateLimitConfig,
  runtime: Runtime,
  target: AdviceTarget,
): Advice {
  const limiter = rateLimitRegistry(runtime).register(config.name ?? target.qualifiedName, config);
  // Learnt from results when the method's kind is unknown at weave time; a limiter that waits
  // is async-only, which the kernel enforces.
  let returnsPromise = target.isAsync;
  return (invocation, next) => {
    const outcome = limiter.acquire(invocation.args);
    if (outcome === 0) {
      const result = next(invocation);
      if (returnsPromise === undefined) returnsPromise = isThenable(result);
      return result;
    }
    if (typeof outcome === 'number') return limiter.sleep(outcome).then(() => next(invocation));
    if (returnsPromise === false) throw outcome;
    return Promise.reject(outcome);
  };
}
