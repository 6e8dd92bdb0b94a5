/** Plain-number counters of one cache, updated on the call path. */
export class CacheCounters {
  /** Calls answered with a fresh value. */
  hits = 0;
  /** Calls that loaded the value (ran the method). */
  misses = 0;
  /** Calls that waited for another call's load of the same key instead of loading it again. */
  coalesced = 0;
  /** Calls answered with a stale value (stale-while-revalidate or stale-if-error). */
  staleServed = 0;
  /** Background loads of stale-while-revalidate that failed (the stale value stays). */
  refreshErrors = 0;
  /** Calls refused because their arguments could not be keyed. */
  keyErrors = 0;
  /** Store operations that failed (read as misses, never passed to the caller). */
  storeErrors = 0;
  /** Entries removed by invalidation (by key, tag or clear). */
  invalidated = 0;
  /** Calls the caller's signal cancelled (a coalesced waiter leaves alone). */
  cancelled = 0;
  /** Times an `onStaleServed` hook threw (counted, never passed on). */
  hookErrors = 0;
}

/** Statistics of one cache: its counters and what its stores hold now. */
export interface CacheStatistics extends Readonly<CacheCounters> {
  /** The cache's `name` option, or the method's `Class.method`. */
  readonly name: string;
  /** Entries held now (stores that cannot tell, like Redis, add nothing). */
  readonly entries: number;
  /** Estimated bytes held now (likewise). */
  readonly bytes: number;
  /** Entries dropped to stay within `maxEntries` and `maxBytes`. */
  readonly evictions: number;
}
