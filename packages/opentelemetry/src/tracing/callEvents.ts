import type { AdviceTarget, ChainAspect, Runtime } from '@ballast/core';
import { type BreakerTransitionReason } from '@ballast/resilience';
import { context, createContextKey } from '@opentelemetry/api';
import type { CallTrace } from './CallTrace.js';

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
    events.on('retry.budget-exhausted', (event) => callOf(event.policy)?.budgetExhausted(event)),
    events.on('fallback.served', (event) => callOf(event.policy)?.fellBack(event)),
    events.on('breaker.state', (event) => {
      if (!NOT_FROM_A_CALL.has(event.reason)) callOf(event.name)?.breakerMoved(event);
    }),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
