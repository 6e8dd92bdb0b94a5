import type { Runtime } from '@ballast/core';
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

function current(): CallTrace | undefined {
  return context.active().getValue(CALL_TRACE) as CallTrace | undefined;
}

/**
 * Subscribes to the runtime events that tell a call's story and hands each to the call it
 * happened in: the {@link CallTrace} in the active context. The aspects emit these events
 * synchronously in the call's own async context (its outcome reactions, its retry timers bound
 * to it), so the context finds the right call among concurrent ones. Events fired elsewhere —
 * a timer's expiry, an abort listener, an operator's breaker change — are left out; what they
 * mean reaches the call through its outcome instead. Returns the unsubscriber.
 */
export function listenForCallEvents(runtime: Runtime): () => void {
  const events = runtime.events;
  const unsubscribers = [
    events.on('retry.attempt', (event) => current()?.retried(event)),
    events.on('retry.give-up', (event) => current()?.gaveUp(event)),
    events.on('retry.budget-exhausted', (event) => current()?.budgetExhausted(event)),
    events.on('fallback.served', (event) => current()?.fellBack(event)),
    events.on('breaker.state', (event) => {
      if (!NOT_FROM_A_CALL.has(event.reason)) current()?.breakerMoved(event);
    }),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
