import { currentContext, type EventBus } from '@ballast/core';
import '@ballast/resilience';

/** Call-context slot holding the request's {@link ReadScope}. */
export const READ_SCOPE: unique symbol = Symbol('notes.readScope');

/** Per-request record of how reads were served. */
export interface ReadScope {
  /** True once a read of this request was served from the last-known-good cache. */
  stale: boolean;
}

/**
 * Marks the current request's scope stale whenever `@Fallback` serves a last-known-good value.
 * The event fires inside the call, so the call context is the request's. Returns the unsubscriber.
 */
export function trackStaleReads(events: EventBus): () => void {
  return events.on('fallback.served', (event) => {
    if (event.source !== 'last-known-good') return;
    const scope = currentContext()?.[READ_SCOPE] as ReadScope | undefined;
    if (scope !== undefined) scope.stale = true;
  });
}
