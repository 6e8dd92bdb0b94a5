import { type Advice, type AdviceTarget, isThenable, observe, type Runtime } from '@ballast/core';
import { cancelledError } from '../call/cancellation.js';
import { learnKind, refuse } from '../call/refuse.js';
import type { BreakerConfig } from './BreakerConfig.js';
import { breakerRegistry } from './BreakerRegistry.js';

/**
 * Builds the circuit breaker advice for one method. The call path: one permit check, the call,
 * and the permit settled with the outcome: at once for a sync result or throw, else by the
 * breaker as a settler of the call's one outcome reaction (no promise layer, no closure per
 * call; no clock read while closed unless calls are timed). Every permit is settled on every
 * path, so half-open probes can never leak.
 */
export function createCircuitBreakerAdvice(
  config: BreakerConfig,
  runtime: Runtime,
  target: AdviceTarget,
): Advice {
  const group = breakerRegistry(runtime).register(config.name ?? target.qualifiedName, config);
  // Whether a refusal is thrown or returned as a rejected promise; learnt from results when
  // the method's kind is not known at weave time.
  let returnsPromise = target.isAsync;
  return (invocation, next) => {
    const signal = invocation.signal;
    if (signal !== undefined && signal.aborted) {
      group.counters.cancelled++;
      return refuse(
        returnsPromise,
        cancelledError(runtime, 'CircuitBreaker', group.name, signal.reason),
      );
    }
    // A key function that throws fails the call before any breaker counts it; the kernel
    // answers the throw as the method answers (a rejected promise from an async method).
    const breaker = group.breakerFor(invocation.args);
    const epoch = breaker.acquire();
    if (epoch === 0) return refuse(returnsPromise, breaker.rejection());
    const startedAt = breaker.startTime();
    let result: unknown;
    try {
      result = next(invocation);
    } catch (error) {
      returnsPromise = learnKind(returnsPromise, error);
      breaker.onError(epoch, error, startedAt);
      throw error;
    }
    if (isThenable(result)) {
      if (returnsPromise !== true) returnsPromise = true;
      return observe(invocation, result, breaker, startedAt === 0 ? epoch : { epoch, startedAt });
    }
    returnsPromise ??= false;
    breaker.onResult(epoch, result, startedAt);
    return result;
  };
}
