import type { AdviceTarget, Runtime } from '@ballast/core';
import type { CacheAdvice } from './CacheAdvice.js';
import type { CacheInvalidatedEvent } from './CacheEvents.js';
import { CacheCounters, type CacheStatistics } from './CacheStatistics.js';
import { UnknownCacheError } from './UnknownCacheError.js';

/** The caches under one name: their shared counters and each woven method's cache. */
interface CacheGroup {
  readonly counters: CacheCounters;
  /** By woven method: a policy reload that rebuilds a method's cache replaces it here. */
  readonly caches: Map<AdviceTarget, CacheAdvice>;
}

/**
 * The caches of one runtime, by name (`Class.method` unless the `name` option says otherwise):
 * statistics, and invalidation by arguments, key or tag, from code or the admin API. Get it with
 * {@link cacheRegistry}. Every operation answers with the number of entries removed (a shared
 * store that cannot count answers 0); an invalidation also stops loads already in flight from
 * storing what they return.
 */
export class CacheRegistry {
  readonly #groups = new Map<string, CacheGroup>();
  readonly #runtime: Runtime;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  /** @internal adds a woven method's cache; answers the counters of its name. */
  register(cache: CacheAdvice, target: AdviceTarget): CacheCounters {
    let group = this.#groups.get(cache.name);
    if (group === undefined) {
      group = { counters: new CacheCounters(), caches: new Map() };
      this.#groups.set(cache.name, group);
    }
    group.caches.set(target, cache);
    return group.counters;
  }

  /** Names of every cache, in creation order. */
  names(): string[] {
    return [...this.#groups.keys()];
  }

  /** A snapshot per name: the counters, and what the stores hold now. */
  statistics(): Map<string, CacheStatistics> {
    const snapshot = new Map<string, CacheStatistics>();
    for (const [name, { counters, caches }] of this.#groups) {
      let entries = 0;
      let bytes = 0;
      let evictions = 0;
      for (const { store } of caches.values()) {
        entries += store.entries ?? 0;
        bytes += store.bytes ?? 0;
        evictions += store.evictions ?? 0;
      }
      snapshot.set(name, { name, ...counters, entries, bytes, evictions });
    }
    return snapshot;
  }

  /**
   * Removes the entry of the call with these arguments, keyed as the calls are.
   *
   * @example
   * ```ts
   * await cacheRegistry(runtime).invalidate('Users.profile', ['u-42']);
   * ```
   */
  invalidate(name: string, args: readonly unknown[]): Promise<number> {
    return this.#each(name, 'key', (cache) => cache.store.delete(cache.keyOf([...args])));
  }

  /** Removes the entry under `key` (as the cache's key function makes it). */
  invalidateKey(name: string, key: string): Promise<number> {
    return this.#each(name, 'key', (cache) => cache.store.delete(key));
  }

  /**
   * Removes every entry tagged `tag`, in the cache `name` or in every cache.
   *
   * @example
   * ```ts
   * await cacheRegistry(runtime).invalidateTag('user:42'); // profile, orders, … of one user
   * ```
   */
  async invalidateTag(tag: string, name?: string): Promise<number> {
    const names = name === undefined ? this.names() : [name];
    let removed = 0;
    for (const each of names)
      removed += await this.#each(each, 'tag', (cache) => cache.store.deleteTag(tag));
    return removed;
  }

  /** Removes every entry of the cache `name`, or of every cache. */
  async clear(name?: string): Promise<number> {
    const names = name === undefined ? this.names() : [name];
    let removed = 0;
    for (const each of names) removed += await this.#each(each, 'clear', (c) => c.store.clear());
    return removed;
  }

  async #each(
    name: string,
    by: CacheInvalidatedEvent['by'],
    remove: (cache: CacheAdvice) => boolean | number | PromiseLike<boolean | number>,
  ): Promise<number> {
    const group = this.#groups.get(name);
    if (group === undefined) {
      const known = this.names();
      throw new UnknownCacheError(
        `No cache is named "${name}" (known: ${known.length > 0 ? known.join(', ') : 'none'}).`,
      );
    }
    let entries = 0;
    for (const cache of group.caches.values()) {
      cache.generation++;
      entries += Number(await remove(cache));
    }
    group.counters.invalidated += entries;
    const events = this.#runtime.events;
    if (events.has('cache.invalidated'))
      events.emit('cache.invalidated', { policy: name, by, entries });
    return entries;
  }
}

const REGISTRY = Symbol.for('ballast.resilience.cacheRegistry');

/**
 * The runtime's cache registry.
 *
 * @example
 * ```ts
 * const caches = cacheRegistry(runtime);
 * await caches.invalidateTag('user:42');
 * console.log(caches.statistics().get('Users.profile')?.hits);
 * ```
 */
export function cacheRegistry(runtime: Runtime): CacheRegistry {
  return runtime.service(REGISTRY, (owner) => new CacheRegistry(owner));
}

/**
 * Statistics of every cache of a runtime, by name: hits, misses, coalesced waiters, stale
 * values served, evictions, and what the stores hold now.
 *
 * @example
 * ```ts
 * for (const [name, s] of cacheStatistics(runtime)) console.log(name, s.hits / (s.hits + s.misses));
 * ```
 */
export function cacheStatistics(runtime: Runtime): ReadonlyMap<string, CacheStatistics> {
  return runtime.peekService<CacheRegistry>(REGISTRY)?.statistics() ?? new Map();
}
