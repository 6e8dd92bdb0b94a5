import {
  type AdviceTarget,
  CancelledError,
  type Invocation,
  isThenable,
  type MethodKind,
  type Next,
  type Runtime,
} from '@ballast/core';
import { cancelledError } from '../call/cancellation.js';
import { runHook } from '../call/runHook.js';
import { type CoarseClock, coarseClock } from '../call/CoarseClock.js';
import { argumentsKey } from './argumentsKey.js';
import type { CacheLookupEvent, CacheStaleServedEvent } from './CacheEvents.js';
import { CacheFlight } from './CacheFlight.js';
import { CacheKeyError } from './CacheKeyError.js';
import { areTags, type CachePolicy } from './CachePolicy.js';
import { cacheRegistry } from './CacheRegistry.js';
import type { CacheCounters } from './CacheStatistics.js';
import type { CacheEntry, CacheStore } from './CacheStore.js';

/** An entry as this cache stores it; an async method's hits share one resolved promise. */
class CacheRecord implements CacheEntry {
  resolved: Promise<unknown> | undefined = undefined;
  constructor(
    readonly value: unknown,
    readonly storedAt: number,
    readonly freshUntil: number,
    readonly keepUntil: number,
    readonly tags: readonly string[],
  ) {}
}

function hitOf(entry: CacheEntry, kind: MethodKind): unknown {
  if (kind.async !== true) return entry.value;
  const record = entry as CacheRecord;
  return (record.resolved ??= Promise.resolve(record.value));
}

function keyWith(key: (args: unknown[]) => string, where: string): (args: unknown[]) => string {
  return (args) => {
    let value: unknown;
    try {
      value = key(args);
    } catch (error) {
      if (CacheKeyError.is(error)) throw error;
      throw new CacheKeyError(`${where}: the key function threw.`, { cause: error });
    }
    if (typeof value === 'string') return value;
    throw new CacheKeyError(
      `${where}: the key function must return a string (got ${typeof value}).`,
    );
  };
}

/**
 * The behaviour of `@Cache` for one woven method, with its own store (`Class.method` is its
 * namespace). A fresh hit on the in-memory store costs the key, one `Map` look-up, a coarse
 * clock read and a counter: no promise is made (an async method's hits share one resolved
 * promise per entry). Misses of one key share one load ({@link CacheFlight}).
 */
export class CacheAdvice {
  readonly name: string;
  readonly runtime: Runtime;
  readonly store: CacheStore;
  readonly counters: CacheCounters;
  readonly flights = new Map<string, CacheFlight>();
  readonly staleIfErrorMs: number;
  /** The reason a load is cancelled with when every waiter has left. */
  readonly abandonedReason: CancelledError;
  /** Bumped by every invalidation: a load that started before one is returned, not stored. */
  generation = 0;
  readonly keyOf: (args: unknown[]) => string;
  readonly #policy: CachePolicy;
  readonly #clock: CoarseClock;
  readonly #synchronous: boolean;
  readonly #kind: MethodKind;

  constructor(
    policy: CachePolicy,
    runtime: Runtime,
    target: AdviceTarget,
    kind: MethodKind,
    where: string,
  ) {
    this.name = policy.name ?? target.qualifiedName;
    this.runtime = runtime;
    this.#policy = policy;
    this.store = policy.store.open(target.qualifiedName, {
      maxEntries: policy.maxEntries,
      maxBytes: policy.maxBytes,
      sizeOf: policy.sizeOf,
    });
    this.#synchronous = this.store.synchronous;
    this.staleIfErrorMs = policy.staleIfErrorMs;
    this.abandonedReason = new CancelledError(`Cache ${this.name} (every waiter left)`);
    this.keyOf =
      policy.key === undefined ? (args) => argumentsKey(args, where) : keyWith(policy.key, where);
    this.#clock = coarseClock(runtime);
    this.#kind = kind;
    this.counters = cacheRegistry(runtime).register(this, target);
  }

  /** The advice: `(invocation, next) => result`. */
  readonly advise = (invocation: Invocation, next: Next): unknown => {
    const signal = invocation.signal;
    if (signal !== undefined && signal.aborted)
      return this.#kind.refuse(this.cancelled(signal.reason));
    let key: string;
    try {
      key = this.keyOf(invocation.args);
    } catch (error) {
      this.counters.keyErrors++;
      throw error; // answered by the kernel as the method answers
    }
    if (!this.#synchronous) return this.#lookUp(invocation, next, key);
    let entry: CacheEntry | undefined;
    try {
      entry = this.store.get(key) as CacheEntry | undefined;
    } catch {
      this.counters.storeErrors++; // a store that cannot answer is a miss, never a failed call
    }
    if (entry === undefined) return this.#miss(invocation, next, key, undefined);
    const now = this.#clock.now();
    if (now >= entry.freshUntil) return this.#expired(invocation, next, key, entry, now);
    this.counters.hits++;
    if (this.runtime.events.has('cache.lookup')) this.#looked('hit');
    return hitOf(entry, this.#kind);
  };

  /** The coarse runtime clock every time of this cache is read from. */
  now(): number {
    return this.#clock.now();
  }

  /** Stores a loaded value, unless an invalidation came since its load started. */
  save(key: string, args: unknown[], value: unknown, generation: number): void {
    if (generation !== this.generation) return;
    const policy = this.#policy;
    let ttl: unknown;
    let tags: readonly string[];
    try {
      ttl = typeof policy.ttlMs === 'number' ? policy.ttlMs : policy.ttlMs(value, args);
      tags = typeof policy.tags === 'function' ? policy.tags(args, value) : policy.tags;
    } catch {
      this.counters.storeErrors++;
      return;
    }
    // Only what the options promise is stored: a TTL that is a finite number >= 0 (a string
    // would be concatenated into the expiry), and tags that are non-empty strings.
    if (typeof ttl !== 'number' || !(ttl >= 0 && ttl < Infinity)) return;
    if (typeof policy.tags === 'function' && !areTags(tags)) {
      this.counters.storeErrors++;
      return;
    }
    const now = this.now();
    const freshUntil = now + ttl;
    const keepUntil = freshUntil + Math.max(policy.staleWhileRevalidateMs, policy.staleIfErrorMs);
    if (keepUntil <= now) return;
    try {
      const done = this.store.set(key, new CacheRecord(value, now, freshUntil, keepUntil, tags));
      if (isThenable(done)) done.then(undefined, () => this.counters.storeErrors++);
    } catch {
      this.counters.storeErrors++;
    }
  }

  /** Counts `waiters` calls answered with a stale value; runs the hook and the event once. */
  servedStale(reason: CacheStaleServedEvent['reason'], entry: CacheEntry, waiters: number): void {
    this.counters.staleServed += waiters;
    const events = this.runtime.events;
    const hook = this.#policy.onStaleServed;
    if (hook === undefined && !events.has('cache.stale-served')) return;
    const event: CacheStaleServedEvent = {
      policy: this.name,
      reason,
      staleMs: this.now() - entry.freshUntil,
    };
    runHook(hook, event, this.counters);
    events.emit('cache.stale-served', event);
  }

  /** Counts a call its caller cancelled; returns the `CancelledError` it ends with. */
  cancelled(reason: unknown): CancelledError {
    this.counters.cancelled++;
    return cancelledError(this.runtime, 'Cache', this.name, reason);
  }

  #expired(
    invocation: Invocation,
    next: Next,
    key: string,
    entry: CacheEntry,
    now: number,
  ): unknown {
    if (this.#revalidates(invocation, next, key, entry, now)) return hitOf(entry, this.#kind);
    if (now < entry.keepUntil) return this.#miss(invocation, next, key, entry);
    this.store.delete(key);
    return this.#miss(invocation, next, key, undefined);
  }

  #miss(invocation: Invocation, next: Next, key: string, stale: CacheEntry | undefined): unknown {
    const waiting = this.flights.get(key);
    if (waiting !== undefined) return this.#wait(waiting, invocation);
    this.#count('miss');
    const flight = new CacheFlight(this, key, stale, invocation, false);
    const result = flight.load(next);
    return isThenable(result) ? flight.join(invocation) : result;
  }

  #wait(flight: CacheFlight, invocation: Invocation): Promise<unknown> {
    this.#count('coalesced');
    return flight.join(invocation);
  }

  /**
   * Within stale-while-revalidate: counts the stale value served and starts the one background
   * load for its key (unless one is running); false past the window.
   */
  #revalidates(
    invocation: Invocation,
    next: Next,
    key: string,
    entry: CacheEntry,
    now: number,
  ): boolean {
    if (now - entry.freshUntil >= this.#policy.staleWhileRevalidateMs) return false;
    this.servedStale('revalidate', entry, 1);
    if (this.runtime.events.has('cache.lookup')) this.#looked('stale');
    if (this.flights.has(key)) return true;
    try {
      new CacheFlight(this, key, entry, invocation, true).load(next);
    } catch {
      this.counters.refreshErrors++; // the caller has its stale value; the next call tries again
    }
    return true;
  }

  /**
   * A shared store answers with promises: the look-up is part of the flight, so concurrent calls
   * for one key wait on one look-up (and at most one load) instead of one round trip each.
   */
  #lookUp(invocation: Invocation, next: Next, key: string): unknown {
    const waiting = this.flights.get(key);
    if (waiting !== undefined) return this.#wait(waiting, invocation);
    const flight = new CacheFlight(this, key, undefined, invocation, false);
    let lookup: unknown;
    try {
      lookup = this.store.get(key);
    } catch {
      lookup = Promise.reject(new Error('store.get threw'));
    }
    flight.promise = Promise.resolve(lookup).then(
      (entry) => this.#afterLookUp(flight, invocation, next, key, entry as CacheEntry | undefined),
      () => {
        this.counters.storeErrors++;
        return this.#afterLookUp(flight, invocation, next, key, undefined);
      },
    );
    this.flights.set(key, flight);
    return flight.join(invocation);
  }

  #afterLookUp(
    flight: CacheFlight,
    invocation: Invocation,
    next: Next,
    key: string,
    entry: CacheEntry | undefined,
  ): unknown {
    const now = this.now();
    if (entry !== undefined && now < entry.freshUntil) {
      this.flights.delete(key);
      this.#count('hit');
      return entry.value;
    }
    if (entry !== undefined) {
      this.flights.delete(key); // a refresh takes the key
      if (this.#revalidates(invocation, next, key, entry, now)) return entry.value;
      this.flights.set(key, flight);
    }
    this.#count('miss');
    flight.stale = entry !== undefined && now < entry.keepUntil ? entry : undefined;
    return flight.load(next);
  }

  /** Counts a hit, a miss or a coalesced call, and announces it while someone listens. */
  #count(result: 'hit' | 'miss' | 'coalesced'): void {
    if (result === 'hit') this.counters.hits++;
    else if (result === 'miss') this.counters.misses++;
    else this.counters.coalesced++;
    if (this.runtime.events.has('cache.lookup')) this.#looked(result);
  }

  #looked(result: CacheLookupEvent['result']): void {
    this.runtime.events.emit('cache.lookup', { policy: this.name, result });
  }
}
