/**
 * Events the runtime carries. Packages add their own by declaration merging:
 *
 * @example
 * ```ts
 * declare module '@ballast/core' {
 *   interface BallastEvents { 'retry.attempt': RetryAttemptEvent }
 * }
 * ```
 */
export interface BallastEvents {
  /** Named policies were replaced by {@link Runtime.updatePolicies}. */
  'policies.changed': { readonly aspects: readonly string[] };
}

/** A listener for one event type. */
export type EventListener<T> = (payload: T) => void;

/**
 * Typed publish/subscribe. Emitting with no listener costs one property read; producers check
 * {@link EventBus.has} before building a payload. A throwing listener never reaches the emitter:
 * it is counted in {@link EventBus.listenerErrors}.
 */
export class EventBus<Events extends object = BallastEvents> {
  readonly #listeners = new Map<keyof Events, EventListener<never>[]>();
  /** How many times a listener threw. */
  listenerErrors = 0;

  /** True when at least one listener is subscribed to `type`. */
  has(type: keyof Events): boolean {
    return this.#listeners.has(type);
  }

  /** Subscribes; returns a function that unsubscribes. */
  on<K extends keyof Events>(type: K, listener: EventListener<Events[K]>): () => void {
    const list = [...(this.#listeners.get(type) ?? []), listener as EventListener<never>];
    this.#listeners.set(type, list);
    return () => {
      const remaining = (this.#listeners.get(type) ?? []).filter((l) => l !== listener);
      if (remaining.length === 0) this.#listeners.delete(type);
      else this.#listeners.set(type, remaining);
    };
  }

  /** Delivers `payload` to every listener of `type`; never throws. */
  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const list = this.#listeners.get(type) as EventListener<Events[K]>[] | undefined;
    if (list === undefined) return;
    for (const listener of list) {
      try {
        listener(payload);
      } catch {
        this.listenerErrors++;
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.#listeners.clear();
  }
}
