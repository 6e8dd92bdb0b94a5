import type { AspectFusion, FusionMember } from '@ballast/core';
import type { BreakerConfig } from '../circuit-breaker/BreakerConfig.js';
import { breakerRegistry } from '../circuit-breaker/BreakerRegistry.js';
import { RetryAdvice } from '../retry/RetryAdvice.js';
import type { RetryPolicy } from '../retry/RetryPolicy.js';
import { TimeoutAdvice, type TimeoutPolicy } from '../timeout/TimeoutAdvice.js';
import { ResiliencePipeline } from './ResiliencePipeline.js';

/** The members a pipeline fuses, outermost first: any two of them, or all three. */
const ORDER = ['Retry', 'CircuitBreaker', 'Timeout'];

function optionsOf(members: readonly FusionMember[], name: string): unknown {
  return members.find((member) => member.aspect.name === name)?.options;
}

/**
 * @internal how `@Retry`, `@CircuitBreaker` and `@Timeout` fuse when adjacent in a method's chain
 * (in that order, options given inline): one {@link ResiliencePipeline} instead of three promise
 * layers. Declines synchronous or not-yet-known methods (the layered path handles them), other
 * orders, and any other member.
 */
export const resilienceFusion: AspectFusion = {
  family: 'ballast.resilience',
  fuse(members, runtime, target) {
    if (target.isAsync !== true) return undefined;
    let previous = -1;
    for (const member of members) {
      const position = ORDER.indexOf(member.aspect.name);
      if (position <= previous) return undefined;
      previous = position;
    }
    const retry = optionsOf(members, 'Retry') as RetryPolicy | undefined;
    const breaker = optionsOf(members, 'CircuitBreaker') as BreakerConfig | undefined;
    const timeout = optionsOf(members, 'Timeout') as TimeoutPolicy | undefined;
    // Built in the layered order, so registries and statistics are created as the aspects would.
    const parts = {
      retry: retry === undefined ? undefined : new RetryAdvice(retry, runtime, target),
      breakers:
        breaker === undefined
          ? undefined
          : breakerRegistry(runtime).register(breaker.name ?? target.qualifiedName, breaker),
      timeout: timeout === undefined ? undefined : new TimeoutAdvice(timeout, runtime, target),
    };
    return new ResiliencePipeline(parts).advise;
  },
};
