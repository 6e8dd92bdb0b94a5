/** Payload of `cache.stale-served` (and the `onStaleServed` hook): a stale value was served. */
export interface CacheStaleServedEvent {
  readonly policy: string;
  /** `revalidate`: within stale-while-revalidate, a fresh value is loading; `error`: the load failed. */
  readonly reason: 'revalidate' | 'error';
  /** How long ago the value went stale, ms. */
  readonly staleMs: number;
}

/** Payload of `cache.lookup`: how one call was answered (emitted only while someone listens). */
export interface CacheLookupEvent {
  readonly policy: string;
  /**
   * `hit`: a fresh value; `stale`: a stale value (see `cache.stale-served`); `coalesced`: it
   * waited for another call's load; `miss`: it loaded the value.
   */
  readonly result: 'hit' | 'stale' | 'coalesced' | 'miss';
}

/** Payload of `cache.invalidated`: entries were removed by key, tag or clear (from code or admin). */
export interface CacheInvalidatedEvent {
  readonly policy: string;
  readonly by: 'key' | 'tag' | 'clear';
  /** Entries removed (0 for a shared store that cannot tell). */
  readonly entries: number;
}

declare module '@ballast/core' {
  interface BallastEvents {
    'cache.stale-served': CacheStaleServedEvent;
    'cache.lookup': CacheLookupEvent;
    'cache.invalidated': CacheInvalidatedEvent;
  }
}
