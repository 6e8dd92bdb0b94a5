/** One cached value and its times (runtime clock ms), as a store keeps it. */
export interface CacheEntry {
  readonly value: unknown;
  /** When the value was stored. */
  readonly storedAt: number;
  /** Served as fresh until then. */
  readonly freshUntil: number;
  /** Kept until then (the end of the stale-while-revalidate and stale-if-error windows). */
  readonly keepUntil: number;
  /** Tags it can be invalidated by. */
  readonly tags: readonly string[];
}

/** Bounds a store is opened with (from the cache's options). */
export interface CacheLimits {
  /** Entries kept at most. */
  readonly maxEntries: number;
  /** Estimated bytes kept at most (an entry larger than this alone is not stored). */
  readonly maxBytes: number;
  /** Estimates the bytes of a value. */
  readonly sizeOf: (value: unknown) => number;
}

/**
 * Where one cache keeps its entries. The in-memory store answers synchronously (a hit costs no
 * promise, and sync methods can be cached); a shared store (Redis) answers with promises. The
 * cache calls `get` for every call and `set` after every load; a store that fails is counted in
 * the cache's `storeErrors` and read as a miss, never passed to the caller.
 */
export interface CacheStore {
  /** True when every method answers synchronously (no promise). */
  readonly synchronous: boolean;
  get(key: string): CacheEntry | undefined | PromiseLike<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): unknown;
  /** Removes one entry; answers whether there was one. */
  delete(key: string): boolean | PromiseLike<boolean>;
  /** Removes every entry carrying `tag`; answers how many. */
  deleteTag(tag: string): number | PromiseLike<number>;
  /** Removes every entry; answers how many (when known, else 0). */
  clear(): number | PromiseLike<number>;
  /** Entries held now, when the store can tell cheaply. */
  readonly entries?: number;
  /** Estimated bytes held now, when the store can tell cheaply. */
  readonly bytes?: number;
  /** Entries dropped to stay within the bounds so far. */
  readonly evictions?: number;
}

/**
 * Opens the store of one cache. `namespace` is the woven method's `Class.method` (the name given
 * to `protect()`, or a policy's name for its `execute()`): the same in every process, so a shared
 * store keeps one method's entries apart from another's and shares them across a fleet.
 *
 * @example
 * ```ts
 * const stores: CacheStoreFactory = {
 *   synchronous: true,
 *   open: (namespace, limits) => new MemoryCacheStore(limits),
 * };
 * ```
 */
export interface CacheStoreFactory {
  /** True when the stores it opens answer synchronously (then sync methods can be cached). */
  readonly synchronous: boolean;
  open(namespace: string, limits: CacheLimits): CacheStore;
}
