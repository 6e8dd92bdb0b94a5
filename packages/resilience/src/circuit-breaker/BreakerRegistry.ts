import type { Runtime } from '@ballast/core';
import type { BreakerEnvironment } from './BreakerEnvironment.js';
import type { BreakerConfig } from './BreakerConfig.js';
import { BreakerGroup, type BreakerGroupSnapshot } from './BreakerGroup.js';
import type { BreakerState, ManualBreakerState } from './BreakerState.js';
import { type ForceOpenOptions, readForceOpen } from './ForceOpenOptions.js';
import type { BreakerStateEvent } from './BreakerStateEvent.js';
import { type BreakerStatistics, type BreakerWindow, statisticsOf } from './BreakerStatistics.js';
import { readRegistrySnapshot } from './readRegistrySnapshot.js';
import { UnknownBreakerError } from './UnknownBreakerError.js';

/** What {@link BreakerRegistry.toJSON} returns and {@link BreakerRegistry.hydrate} takes. */
export interface BreakerRegistrySnapshot {
  readonly version: 1;
  readonly breakers: readonly BreakerGroupSnapshot[];
}

/** One line of {@link BreakerRegistry.list}. */
export type BreakerSummary = Pick<BreakerStatistics, 'name' | 'keyed' | 'keys' | 'state'>;

/**
 * The circuit breakers of one runtime, by name (`Class.method` unless the `name` option says
 * otherwise). Operators list, force open, close, disable, reset, persist and restore them here.
 * Get it with {@link breakerRegistry}.
 */
export class BreakerRegistry {
  readonly #groups = new Map<string, BreakerGroup>();
  readonly #pending = new Map<string, BreakerGroupSnapshot>();
  readonly #runtime: Runtime;
  readonly #onTransition: NonNullable<BreakerEnvironment['onTransition']>;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    const events = runtime.events;
    this.#onTransition = (breaker, from, to, reason) => {
      if (!events.has('breaker.state')) return;
      const retryAfterMs = to === 'OPEN' ? breaker.retryAfterMs : 0;
      const event: BreakerStateEvent = {
        name: breaker.name,
        key: breaker.key,
        from,
        to,
        reason,
        retryAfterMs,
      };
      events.emit('breaker.state', event);
    };
  }

  /**
   * @internal The group for `name`, created on first use (later options replace earlier ones,
   * keeping state), with any hydrated state waiting for it applied.
   */
  register(name: string, config: BreakerConfig): BreakerGroup {
    const existing = this.#groups.get(name);
    if (existing !== undefined) {
      existing.reconfigure(config);
      return existing;
    }
    const group = new BreakerGroup(name, config, this.#runtime, this.#onTransition);
    this.#groups.set(name, group);
    const pending = this.#pending.get(name);
    if (pending !== undefined) {
      this.#pending.delete(name);
      group.restore(pending);
    }
    return group;
  }

  /** Every breaker, in creation order: name, whether keyed, live keys and (most severe) state. */
  list(): BreakerSummary[] {
    return this.statistics().map(({ name, keyed, keys, state }) => ({ name, keyed, keys, state }));
  }

  /** Names of every breaker, in creation order. */
  names(): string[] {
    return [...this.#groups.keys()];
  }

  /** True when a breaker named `name` exists. */
  has(name: string): boolean {
    return this.#groups.has(name);
  }

  /** The state of a breaker (of one key when given); throws for an unknown name. */
  state(name: string, key?: string): BreakerState {
    return this.#group(name).stateOf(key);
  }

  /**
   * What a breaker (or one key of a keyed breaker) is judging now: its window's calls, failures
   * and rates (see {@link BreakerWindow}). A key not seen yet has an empty window; a keyed
   * breaker without a key has none (undefined). Throws for an unknown name.
   *
   * @example
   * ```ts
   * const { failureRate } = breakers.window('PaymentsClient.quote', 'api.example.com')!;
   * ```
   */
  window(name: string, key?: string): BreakerWindow | undefined {
    return this.#group(name).windowOf(key);
  }

  /**
   * Rejects every call (of one key, or of every key). Without a time, until closed or reset
   * (FORCED_OPEN, `retryAfterMs` Infinity). With `forMs` or `until` (runtime clock ms, or a
   * `Date` with the system clock), the breaker is OPEN until then and half-opens as after any
   * opening; keys first seen meanwhile start open too.
   *
   * @example
   * ```ts
   * breakers.forceOpen('PaymentsClient.quote', { forMs: 5 * 60_000 }); // a maintenance window
   * ```
   */
  forceOpen(name: string, options?: string | ForceOpenOptions): void {
    const group = this.#group(name);
    const { key, until } = readForceOpen(options, this.#runtime.clock.now(), name);
    if (until === undefined) group.transitionTo('FORCED_OPEN', key);
    else group.openUntil(until, key);
  }

  /** Closes the breaker (of one key, or of every key), clearing a forced state. */
  close(name: string, key?: string): void {
    this.#group(name).transitionTo('CLOSED', key);
  }

  /** Lets every call through and records nothing. */
  disable(name: string, key?: string): void {
    this.#group(name).transitionTo('DISABLED', key);
  }

  /** Lets every call through and counts outcomes without ever opening. */
  metricsOnly(name: string, key?: string): void {
    this.#group(name).transitionTo('METRICS_ONLY', key);
  }

  /** Back to CLOSED with empty windows and no backoff history. */
  reset(name: string, key?: string): void {
    this.#group(name).reset(key);
  }

  /** Plain-number statistics per name, for exporters reading at scrape time. */
  statistics(): BreakerStatistics[] {
    return [...this.#groups.values()].map(statisticsOf);
  }

  /**
   * Puts a breaker (one key, or every key) in a manual state; anything but `CLOSED`,
   * `FORCED_OPEN`, `DISABLED` or `METRICS_ONLY` is a `ConfigError`.
   */
  transitionTo(name: string, state: ManualBreakerState, key?: string): void {
    this.#group(name).transitionTo(state, key);
  }

  /** Every breaker's persistable state (JSON-safe; `Infinity` never appears). */
  toJSON(): BreakerRegistrySnapshot {
    return { version: 1, breakers: [...this.#groups.values()].map((group) => group.snapshot()) };
  }

  /**
   * Restores {@link BreakerRegistry.toJSON} output (e.g. after a restart): an open breaker stays
   * open for the time it had left. Names not woven yet are applied when they are. The input is
   * validated first; a bad snapshot is a `ConfigError` and changes nothing.
   */
  hydrate(snapshot: unknown): void {
    for (const entry of readRegistrySnapshot(snapshot)) {
      const group = this.#groups.get(entry.name);
      if (group === undefined) this.#pending.set(entry.name, entry);
      else group.restore(entry);
    }
  }

  #group(name: string): BreakerGroup {
    const group = this.#groups.get(name);
    if (group === undefined) {
      const known = this.names();
      throw new UnknownBreakerError(
        `No circuit breaker is named "${name}" (known: ${known.length > 0 ? known.join(', ') : 'none'}).`,
      );
    }
    return group;
  }
}

const REGISTRY = Symbol('ballast.breakerRegistry');

/**
 * The runtime's circuit breaker registry.
 *
 * @example
 * ```ts
 * const breakers = breakerRegistry(runtime);
 * breakers.forceOpen('PaymentsClient.quote');
 * fs.writeFileSync('breakers.json', JSON.stringify(breakers));
 * ```
 */
export function breakerRegistry(runtime: Runtime): BreakerRegistry {
  return runtime.service(REGISTRY, (owner) => new BreakerRegistry(owner));
}

/**
 * Statistics of every circuit breaker of a runtime, by name (every key of a keyed breaker
 * together), read at call time.
 *
 * @example
 * ```ts
 * for (const [name, s] of breakerStatistics(runtime)) gauge.set({ name }, s.calls.failed);
 * ```
 */
export function breakerStatistics(
  runtime: Runtime,
): ReadonlyMap<string, Readonly<BreakerStatistics>> {
  const statistics = runtime.peekService<BreakerRegistry>(REGISTRY)?.statistics() ?? [];
  return new Map(statistics.map((entry) => [entry.name, entry]));
}
