import type { AdviceTarget, ChainAspect, Runtime } from '@ballast/core';
import { type BreakerTransitionReason } from '@ballast/resilience';
import { context, createContextKey } from '@opentelemetry/api';
import type { CallTrace } from './CallTrace.js';
import { BALLAST_SPAN_ATTRIBUTES as A, BALLAST_SPAN_EVENTS as E } from './spanNames.js';

/** The context slot holding the {@link CallTrace} of the woven call running there. */
export const CALL_TRACE = createContextKey('ballast.call-trace');

/** Transitions an operator or a reload made: they belong to no call. */
const NOT_FROM_A_CALL: ReadonlySet<BreakerTransitionReason> = new Set([
  'manual',
  'reset',
  'restored',
]);

/** The traced call running in the active context, if an event of `policy` is its own. */
function callOf(policy: string): CallTrace | undefined {
  const call = context.active().getValue(CALL_TRACE) as CallTrace | undefined;
  return call?.reportsFor(policy) === true ? call : undefined;
}

/**
 * The names a chain's aspects report their statistics and events under: each one's `name`
 * option, else the method's `Class.method` (the rule every resilience aspect follows).
 */
export function policiesOf(target: AdviceTarget, aspects: readonly ChainAspect[]): Set<string> {
  return new Set(
    aspects.map(({ options }) => {
      const name = (options as { name?: unknown } | null | undefined)?.name;
      return typeof name === 'string' ? name : target.qualifiedName;
    }),
  );
}

/**
 * Subscribes to the runtime events that tell a call's story and hands each to the call it
 * happened in: the {@link CallTrace} in the active context, when the event's policy is one of
 * that call's. The aspects emit these events synchronously in the call's own async context (its
 * outcome reactions, its retry timers bound to it), so the context finds the right call among
 * concurrent ones. Events fired elsewhere — a timer's expiry, an abort listener, an operator's
 * breaker change — are left out; what they mean reaches the call through its outcome instead.
 * Returns the unsubscriber.
 */
export function listenForCallEvents(runtime: Runtime): () => void {
  const events = runtime.events;
  const unsubscribers = [
    events.on('retry.attempt', (event) => callOf(event.policy)?.retried(event)),
    events.on('retry.give-up', (event) => callOf(event.policy)?.gaveUp(event)),
    events.on('fallback.served', (event) => callOf(event.policy)?.fellBack(event)),
    events.on('retry.budget-exhausted', ({ policy, attempt }) =>
      callOf(policy)?.record(E.retryBudgetExhausted, { [A.attempt]: attempt, [A.policy]: policy }),
    ),
    events.on('breaker.state', ({ name, from, to, reason }) => {
      if (NOT_FROM_A_CALL.has(reason)) return;
      callOf(name)?.record(E.breakerStateChange, {
        [A.policy]: name,
        [A.breakerPreviousState]: from.toLowerCase(),
        [A.breakerState]: to.toLowerCase(),
        [A.breakerReason]: reason,
      });
    }),
    events.on('hedge.fired', ({ policy, hedge, delayMs }) =>
      callOf(policy)?.record(E.hedge, {
        [A.hedgeNumber]: hedge,
        [A.hedgeDelayMs]: delayMs,
        [A.policy]: policy,
      }),
    ),
    events.on('hedge.won', ({ policy, hedge, elapsedMs }) =>
      callOf(policy)?.record(E.hedgeWon, {
        [A.hedgeNumber]: hedge,
        [A.hedgeElapsedMs]: elapsedMs,
        [A.policy]: policy,
      }),
    ),
    events.on('hedge.budget-exhausted', ({ policy }) =>
      callOf(policy)?.record(E.hedgeBudgetExhausted, { [A.policy]: policy }),
    ),
    events.on('cache.lookup', ({ policy, result }) =>
      callOf(policy)?.record(E.cacheLookup, { [A.cacheResult]: result, [A.policy]: policy }),
    ),
    events.on('cache.stale-served', ({ policy, reason, staleMs }) =>
      callOf(policy)?.record(E.cacheStaleServed, {
        [A.cacheStaleReason]: reason,
        [A.cacheStaleMs]: staleMs,
        [A.policy]: policy,
      }),
    ),
    events.on('guard.violation', ({ policy, subject, index, action }) =>
      callOf(policy)?.record(E.guardViolation, {
        [A.guardSubject]: subject,
        ...(index === undefined ? {} : { [A.guardArgumentIndex]: index }),
        [A.guardAction]: action,
        [A.policy]: policy,
      }),
    ),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
