import type { CacheStaleServedEvent } from './CacheEvents.js';
import type { CacheStoreFactory } from './CacheStore.js';

/** Options of `@Cache` and `cache()`. Every option is validated when the decorator is applied. */
export interface CacheOptions {
  /**
   * How long a value is served as fresh, ms: a number, or a function of the value and the
   * arguments for a TTL per entry (a result that is not a finite number ≥ 0 is not stored).
   * @default 60000
   */
  // Decorator options cannot see the decorated method's types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly ttlMs?: number | ((value: any, args: any[]) => number);
  /**
   * Entries kept at most (per woven method, with the in-memory store).
   * @default 1000
   */
  readonly maxEntries?: number;
  /**
   * Estimated bytes kept at most (per woven method, with the in-memory store); see `sizeOf`.
   * A value larger than this alone is not stored.
   * @default 16777216 (16 MiB)
   */
  readonly maxBytes?: number;
  /**
   * Estimates a value's bytes for `maxBytes`.
   * @default a walk of the value: 8 per value, strings 16 + 2 per code unit, objects 32 + their contents (see `estimateSize`)
   */
  readonly sizeOf?: (value: unknown) => number;
  /**
   * The key of a call. Must return a string; what it leaves out is shared between calls (the
   * user of the call context, for one: add it here when the result depends on it).
   * @default a stable serialization of the arguments (a single string argument is its own key)
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly key?: (args: any[]) => string;
  /**
   * Tags of an entry, to invalidate many at once (`cacheRegistry(runtime).invalidateTag()`):
   * fixed, or a function of the arguments and the value (an answer that is not an array of
   * non-empty strings stores nothing and counts in `storeErrors`).
   * @default none
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly tags?: readonly string[] | ((args: any[], value: any) => readonly string[]);
  /**
   * For this long after a value went stale, ms, a call gets the stale value at once while one
   * call in the background loads a fresh one. Async methods only.
   * @default 0
   */
  readonly staleWhileRevalidateMs?: number;
  /**
   * For this long after a value went stale, ms, a call whose load fails (after every retry
   * inside the cache) gets the stale value instead of the error.
   * @default 0
   */
  readonly staleIfErrorMs?: number;
  /**
   * Where entries live: the in-memory store by default, or a shared one (`redisCacheStores()`
   * from `@ballast/redis`).
   * @default an in-memory store per woven method
   */
  readonly store?: CacheStoreFactory;
  /**
   * Name under which statistics, events and the registry know the cache.
   * @default the method's `Class.method`
   */
  readonly name?: string;
  /**
   * Called when a stale value is served, with the `cache.stale-served` payload. A hook that
   * throws is counted in `hookErrors` and never breaks the call.
   * @default none
   */
  readonly onStaleServed?: (event: CacheStaleServedEvent) => void;
}
