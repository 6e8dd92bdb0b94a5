import {
  type Advice,
  type AdviceTarget,
  isThenable,
  type MethodKind,
  observe,
  type Runtime,
} from '@ballast/core';
import { cancelledError } from '../call/cancellation.js';
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
  kind: MethodKind,
): Advice {
  const group = breakerRegistry(runtime).register(config.name ?? target.qualifiedName, config);
  return (invocation, next) => {
    const signal = invocation.signal;
    if (signal !== undefined && signal.aborted) {
      group.counters.cancelled++;
      return kind.refuse(cancelledError(runtime, 'CircuitBreaker', group.name, signal.reason));
    }
    // A key function that throws fails the call before any breaker counts it; the kernel
    // answers the throw as the method answers (a rejected promise from an async method).
    const breaker = group.breakerFor(invocation.args);
    const epoch = breaker.acquire();
    if (epoch === 0) return kind.refuse(breaker.rejection());
    const startedAt = breaker.startTime();
    let result: unknown;
    try {
      result = next(invocation);
    } catch (error) {
      breaker.onError(epoch, error, startedAt);
      throw error;
    }
    if (isThenable(result))
      return observe(invocation, result, breaker, startedAt === 0 ? epoch : { epoch, startedAt });
    breaker.onResult(epoch, result, startedAt);
    return result;
  };
}
