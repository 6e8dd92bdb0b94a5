import { type Advice, type AdviceTarget, type MethodKind, type Runtime } from '@ballast/core';
import { cancelledError } from '../call/cancellation.js';
import type { RateLimitConfig } from './RateLimit.js';
import { RateLimitedError } from './RateLimitedError.js';
import { rateLimitRegistry } from './rateLimitStatistics.js';

/**
 * Builds the rate limit advice for one method: a token at hand runs the call at once; a
 * booked token waits on the runtime's scheduler (given back if the caller cancels); a refusal
 * is thrown (sync methods) or returned as a rejected promise. With a backend, every call awaits
 * the shared limit (the local path stays free of that branch).
 */
export function createRateLimitAdvice(
  config: RateLimitConfig,
  runtime: Runtime,
  target: AdviceTarget,
  kind: MethodKind,
): Advice {
  const limiter = rateLimitRegistry(runtime).register(config.name ?? target.qualifiedName, config);
  if (config.backend !== undefined) {
    return (invocation, next) => {
      const signal = invocation.signal;
      if (signal !== undefined && signal.aborted) {
        limiter.cancelled++;
        return kind.refuse(cancelledError(runtime, 'RateLimit', limiter.name, signal.reason));
      }
      return limiter.acquireShared(invocation.args, signal).then(() => next(invocation));
    };
  }
  return (invocation, next) => {
    const signal = invocation.signal;
    if (signal !== undefined && signal.aborted) {
      limiter.cancelled++;
      return kind.refuse(cancelledError(runtime, 'RateLimit', limiter.name, signal.reason));
    }
    // A key function that throws fails the call before a token is spent; the kernel answers
    // the throw as the method answers (a rejected promise from an async method).
    const outcome = limiter.acquire(invocation.args);
    if (outcome === 0) return next(invocation);
    if (outcome instanceof RateLimitedError) return kind.refuse(outcome);
    return limiter.sleep(outcome, signal).then(() => next(invocation));
  };
}
