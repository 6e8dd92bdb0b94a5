import { type Advice, type AdviceTarget, isThenable, type Runtime } from '@ballast/core';
import type { Breaker } from './Breaker.js';
import type { BreakerConfig } from './BreakerConfig.js';
import { breakerRegistry } from './BreakerRegistry.js';
import { Rejection } from '../retry/Rejection.js';

function settleTimed(
  breaker: Breaker,
  epoch: number,
  startedAt: number,
  result: PromiseLike<unknown>,
): PromiseLike<unknown> {
  return result.then(
    (value) => {
      breaker.onSuccess(epoch, startedAt);
      return value;
    },
    (error: unknown) => {
      breaker.onError(epoch, error, startedAt);
      throw error;
    },
  );
}

/**
 * Builds the circuit breaker advice for one method. The call path: one permit check, the call,
 * one settle. Untimed breakers settle promises with handlers bound once per breaker state (no
 * closure per call) and read no clock while closed; every permit is settled on every path — a
 * sync throw, a rejection, an ignored error — so half-open probes can never leak.
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
    const breaker = group.breakerFor(invocation.args);
    const epoch = breaker.acquire();
    if (epoch === 0) {
      const error = breaker.rejection();
      if (returnsPromise === false) throw error;
      // Settles one microtask later, after the caller attached its handler: no throw and no
      // unhandled-rejection bookkeeping on the fail-fast path.
      return Promise.resolve(new Rejection(error));
    }
    const onFulfilled = breaker.onFulfilled;
    const onRejected = breaker.onRejected;
    const startedAt = breaker.startTime();
    let result: unknown;
    try {
      result = next(invocation);
    } catch (error) {
      breaker.onError(epoch, error, startedAt);
      throw error;
    }
    if (isThenable(result)) {
      returnsPromise = true;
      return breaker.timed
        ? settleTimed(breaker, epoch, startedAt, result)
        : result.then(onFulfilled, onRejected);
    }
    returnsPromise = false;
    breaker.onSuccess(epoch, startedAt);
    return result;
  };
}
