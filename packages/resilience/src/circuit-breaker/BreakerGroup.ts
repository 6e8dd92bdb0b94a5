import type { Runtime } from '@ballast/core';
import { Breaker } from './Breaker.js';
import type { BreakerEnvironment } from './BreakerEnvironment.js';
import type { BreakerSnapshot } from './BreakerSnapshot.js';
import type { BreakerConfig } from './BreakerConfig.js';
import { BreakerCounters } from './BreakerCounters.js';
import {
  type BreakerState,
  type ManualBreakerState,
  mostSevereState,
  readManualState,
} from './BreakerState.js';
import type { BreakerWindow } from './BreakerStatistics.js';
import { EMPTY_WINDOW } from './JudgedCalls.js';
import { KeyedInstances } from './KeyedInstances.js';

/** Persisted state of one breaker name (see `BreakerRegistry.toJSON`). */
export interface BreakerGroupSnapshot {
  readonly name: string;
  /** State an operator put every key of a keyed breaker in (new keys start in it too). */
  readonly override?: ManualBreakerState;
  /** The breaker of an unkeyed name. */
  readonly breaker?: BreakerSnapshot;
  /** Keyed breakers that are not plainly closed. */
  readonly keys?: readonly (BreakerSnapshot & { readonly key: string })[];
}

type TransitionListener = NonNullable<BreakerEnvironment['onTransition']>;

/**
 * Every breaker under one registry name: a single breaker, or one per key (bounded). Counters
 * are shared by all keys, so statistics stay per name whatever the number of keys.
 */
export class BreakerGroup {
  readonly counters = new BreakerCounters();
  /** The breaker of an unkeyed group (undefined when keyed). */
  single: Breaker | undefined;
  #config: BreakerConfig;
  #keyed: KeyedInstances<Breaker> | undefined;
  #override: ManualBreakerState | undefined;
  /** Until when (clock ms) an operator opened every key, new keys included. */
  #openedUntil = 0;
  readonly #runtime: Runtime;
  readonly #onTransition: TransitionListener;

  constructor(
    readonly name: string,
    config: BreakerConfig,
    runtime: Runtime,
    onTransition: TransitionListener,
  ) {
    this.#config = config;
    this.#runtime = runtime;
    this.#onTransition = onTransition;
    this.#build();
  }

  /** The options in force. */
  get config(): BreakerConfig {
    return this.#config;
  }

  /** True when the group holds one breaker per key. */
  get keyed(): boolean {
    return this.#keyed !== undefined;
  }

  /** The breaker for a call with these arguments (the call path). */
  breakerFor(args: unknown[]): Breaker {
    if (this.single !== undefined) return this.single;
    const raw = this.#config.key!(args);
    return this.#keyed!.get(typeof raw === 'string' ? raw : String(raw));
  }

  /**
   * State of the single breaker, of one key (a key not seen yet reads as the state it would
   * start in), or without a key the most severe state among the keys.
   */
  stateOf(key: string | undefined): BreakerState {
    const fresh = this.#override ?? this.#config.initialState;
    if (this.#keyed === undefined) return this.single!.state;
    if (key !== undefined) return this.#keyed.peek(key)?.state ?? fresh;
    return mostSevereState(
      [...this.breakers()].map((breaker) => breaker.state),
      fresh,
    );
  }

  /**
   * What the single breaker, or one key's, is judging now (a key not seen yet: an empty window);
   * undefined for a keyed group without a key, whose keys each judge their own calls.
   */
  windowOf(key: string | undefined): BreakerWindow | undefined {
    if (this.#keyed === undefined) return this.single!.window();
    if (key === undefined) return undefined;
    return this.#keyed.peek(key)?.window() ?? EMPTY_WINDOW;
  }

  /** Live breakers. */
  *breakers(): IterableIterator<Breaker> {
    if (this.single !== undefined) yield this.single;
    if (this.#keyed !== undefined) for (const [, breaker] of this.#keyed.entries()) yield breaker;
  }

  /** Live keyed breakers (1 for an unkeyed group). */
  get size(): number {
    return this.#keyed?.size ?? 1;
  }

  /** Puts one key, or every breaker of the group (and future keys), in `state`. */
  transitionTo(state: ManualBreakerState, key?: string): void {
    readManualState(state, `breaker "${this.name}" transitionTo`);
    this.#openedUntil = 0;
    if (key !== undefined && this.#keyed !== undefined) {
      this.#keyed.get(key).transitionTo(state);
      return;
    }
    if (this.#keyed !== undefined) this.#override = state === 'CLOSED' ? undefined : state;
    for (const breaker of this.breakers()) breaker.transitionTo(state);
  }

  /**
   * Opens one key, or every breaker of the group (and keys first seen before then), until
   * `until` on the runtime clock; then they half-open and probe.
   */
  openUntil(until: number, key?: string): void {
    if (key !== undefined && this.#keyed !== undefined) {
      this.#keyed.get(key).openUntil(until);
      return;
    }
    this.#override = undefined;
    this.#openedUntil = until;
    for (const breaker of this.breakers()) breaker.openUntil(until);
  }

  /** Resets one key, or every breaker of the group (clearing an operator override). */
  reset(key?: string): void {
    if (key !== undefined && this.#keyed !== undefined) {
      this.#keyed.get(key).reset();
      return;
    }
    this.#override = undefined;
    this.#openedUntil = 0;
    for (const breaker of this.breakers()) breaker.reset();
  }

  /**
   * Adopts new options (a hot-reloaded policy): breakers are rebuilt with them and keep their
   * state; their windows start empty.
   */
  reconfigure(config: BreakerConfig): void {
    if (config === this.#config) return;
    const before = this.snapshot();
    this.#config = config;
    this.#build();
    this.restore(before);
  }

  /** State to persist: the override, the single breaker, keyed breakers not plainly closed. */
  snapshot(): BreakerGroupSnapshot {
    const override = this.#override === undefined ? {} : { override: this.#override };
    if (this.single !== undefined)
      return { name: this.name, ...override, breaker: this.single.snapshot() };
    const keys: (BreakerSnapshot & { key: string })[] = [];
    for (const [key, breaker] of this.#keyed!.entries()) {
      const snapshot = breaker.snapshot();
      if (snapshot.state !== 'CLOSED' || snapshot.openCount > 0) keys.push({ key, ...snapshot });
    }
    return { name: this.name, ...override, keys };
  }

  /** Restores a {@link BreakerGroup.snapshot}. */
  restore(snapshot: BreakerGroupSnapshot): void {
    if (snapshot.breaker !== undefined && this.single !== undefined)
      this.single.restore(snapshot.breaker);
    if (this.#keyed === undefined) return;
    this.#override = undefined;
    if (snapshot.override !== undefined) this.transitionTo(snapshot.override);
    for (const entry of snapshot.keys ?? []) this.#keyed.get(entry.key).restore(entry);
  }

  #newKey(config: BreakerConfig, environment: BreakerEnvironment): Breaker {
    const breaker = new Breaker(config, environment);
    if (this.#openedUntil > this.#runtime.clock.now()) breaker.openUntil(this.#openedUntil);
    return breaker;
  }

  #build(): void {
    const config = this.#config;
    const environment = {
      name: this.name,
      clock: this.#runtime.clock,
      counters: this.counters,
      onTransition: this.#onTransition,
    };
    if (config.key === undefined) {
      this.single = new Breaker(config, environment);
      this.#keyed?.clear();
      this.#keyed = undefined;
      return;
    }
    this.single = undefined;
    this.#keyed?.clear();
    this.#keyed = new KeyedInstances(this.#runtime, config.maxKeys, config.keyIdleTtl, (key) =>
      this.#newKey(config, { ...environment, key, initialState: this.#override }),
    );
  }
}
