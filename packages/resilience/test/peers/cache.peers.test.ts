import { beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, protect } from '@ballast/core';
import {
  cache,
  type CacheEntry,
  CacheKeyError,
  type CacheOptions,
  cacheRegistry,
  cacheStatistics,
  type CacheStore,
  type CacheStoreFactory,
  MemoryCacheStore,
  timeout,
  UnknownCacheError,
} from '@ballast/resilience';
import { PendingCalls } from '../fixtures/pendingCalls.js';
import { outcomeOf } from '../outcomes.js';
import { manualRuntime } from './manualRuntime.js';

const env = manualRuntime();
let dependency: PendingCalls<unknown>;

beforeEach(() => {
  dependency = new PendingCalls<unknown>();
});

function cached(options: CacheOptions = {}, more: ReturnType<typeof timeout>[] = []) {
  return protect(dependency.fn, [cache(options), ...more], {
    runtime: env.runtime,
    name: 'profiles',
  });
}

/** Answers the `index`th load with `value` and returns the call's outcome. */
async function answered(pending: Promise<unknown>, index: number, value: unknown = 'v') {
  await env.clock.advanceAsync(0);
  dependency.at(index).resolve(value);
  return outcomeOf(pending);
}

function stats() {
  return cacheStatistics(env.runtime).get('profiles')!;
}

/** An async function whose calls answer at once, counting them. */
function counted<T>(answer: (...args: unknown[]) => Promise<T>) {
  const seen: unknown[][] = [];
  const fn = async (...args: unknown[]): Promise<T> => {
    seen.push(args);
    return answer(...args);
  };
  return { fn, seen };
}

describe('Cache against its peers', () => {
  it('loads again after the cache was cleared [opossum test/cache.js "Using cache"]', async () => {
    const profile = cached();
    await answered(profile(34), 0, 34);
    expect(await profile(34)).toBe(34);
    expect(await cacheRegistry(env.runtime).clear('profiles')).toBe(1);
    expect(await answered(profile(34), 1, 34)).toBe(34);
    expect(stats()).toMatchObject({ hits: 1, misses: 2, invalidated: 1 });
  });

  it('keeps at most maxEntries entries, evicting the others [opossum test/cache.js "Using cache max size"]', async () => {
    const profile = cached({ maxEntries: 2 });
    const calls = [1, 2, 3, 4].map((id) => profile(id));
    await env.clock.advanceAsync(0);
    dependency.calls.forEach((call, index) => call.resolve(index));
    await Promise.all(calls);
    expect(stats()).toMatchObject({ hits: 0, misses: 4, entries: 2, evictions: 2 });
  });

  it('makes one load for concurrent calls of one key, then serves later calls from the cache [opossum test/cache.js "Using coalesce cache + regular cache."]', async () => {
    const profile = cached({ ttlMs: 200 });
    const calls = [profile(34), profile(34), profile(34)];
    await env.clock.advanceAsync(0);
    expect(dependency.calls).toHaveLength(1);
    dependency.at(0).resolve(34);
    await expect(Promise.all(calls)).resolves.toEqual([34, 34, 34]);
    expect(await profile(34)).toBe(34);
    expect(stats()).toMatchObject({ hits: 1, misses: 1, coalesced: 2 });
  });

  it('announces each look-up as a hit, a miss or a coalesced wait while someone listens [resilience4j CacheEventPublisherTest "shouldConsumeOnCacheHitEvent", "shouldConsumeOnCacheMissEvent"; opossum cacheHit/cacheMiss]', async () => {
    const seen: string[] = [];
    env.runtime.events.on('cache.lookup', ({ policy, result }) => seen.push(`${policy}:${result}`));
    const profile = cached();
    const calls = [profile(1), profile(1)];
    await env.clock.advanceAsync(0);
    dependency.at(0).resolve('one');
    await Promise.all(calls);
    await profile(1);
    expect(seen).toEqual(['profiles:miss', 'profiles:coalesced', 'profiles:hit']);
  });

  it('loads each key on its own when concurrent calls differ [opossum test/cache.js "No coalesce cache."]', async () => {
    const profile = cached();
    const calls = [profile(1), profile(2), profile(3)];
    await env.clock.advanceAsync(0);
    expect(dependency.calls.map((call) => call.args)).toEqual([[1], [2], [3]]);
    dependency.calls.forEach((call, index) => call.resolve(index));
    await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2]);
    expect(stats().coalesced).toBe(0);
  });

  it('gives every waiter of a failed load the error, stores nothing, and loads again on the next call [opossum test/cache.js "coalesceResetOn: expect no hit after error"]', async () => {
    const profile = cached();
    const calls = [outcomeOf(profile(-1)), outcomeOf(profile(-1))];
    await env.clock.advanceAsync(0);
    const failure = new Error('down');
    dependency.at(0).reject(failure);
    expect(await Promise.all(calls)).toEqual([failure, failure]);
    expect(await answered(profile(-1), 1, 'back')).toBe('back');
    expect(stats()).toMatchObject({ entries: 1, misses: 2, coalesced: 1 });
  });

  it('stores nothing for a load its timeout cut short, and loads again on the next call [opossum test/cache.js "coalesceResetOn: expect no hit after timeout"]', async () => {
    const profile = cached({}, [timeout(200)]);
    const first = outcomeOf(profile(1_000));
    await env.clock.advanceAsync(200);
    expect(await first).toMatchObject({ code: 'BALLAST_ERR_TIMEOUT' });
    expect(await answered(profile(1_000), 1, 'fast')).toBe('fast');
    expect(stats()).toMatchObject({ hits: 0, misses: 2 });
  });

  it('keys calls by the key function, and invalidates by that key [opossum test/cache.js "Using cache with custom get cache key"]', async () => {
    const profile = cached({ key: ([id]) => `key-${String(id)}` });
    await answered(profile(34), 0, 34);
    expect(await profile(34)).toBe(34);
    expect(await cacheRegistry(env.runtime).invalidateKey('profiles', 'key-34')).toBe(1);
    expect(await answered(profile(34), 1, 35)).toBe(35);
  });

  it('keeps entries in a store of the caller’s choosing, and clears it there [opossum test/cache.js "Using cache with custom transport"]', async () => {
    const map = new Map<string, CacheEntry>();
    const store: CacheStore = {
      synchronous: true,
      get: (key) => map.get(key),
      set: (key, entry) => map.set(key, entry),
      delete: (key) => map.delete(key),
      deleteTag: () => 0,
      clear: () => {
        const size = map.size;
        map.clear();
        return size;
      },
    };
    const factory: CacheStoreFactory = { synchronous: true, open: () => store };
    const profile = cached({ store: factory });
    await answered(profile(34), 0, 34);
    expect([...map.keys()]).toEqual(['[34]']);
    expect(await profile(34)).toBe(34);
    expect(await cacheRegistry(env.runtime).clear('profiles')).toBe(1);
    expect(map.size).toBe(0);
  });

  it('loads anyway when the store fails to read or write [resilience4j CacheTest "shouldReturnValueFromDecoratedCallableBecauseOfException", CacheEventPublisherTest "onGetError"]', async () => {
    const failing: CacheStore = {
      synchronous: true,
      get: () => {
        throw new Error('store down');
      },
      set: () => {
        throw new Error('store down');
      },
      delete: () => false,
      deleteTag: () => 0,
      clear: () => 0,
    };
    const profile = cached({ store: { synchronous: true, open: () => failing } });
    expect(await answered(profile(1), 0, 'loaded')).toBe('loaded');
    expect(stats().storeErrors).toBeGreaterThanOrEqual(1);
  });

  it('serves the stale value at once and refreshes it once in the background, within stale-while-revalidate [RFC 5861 stale-while-revalidate]', async () => {
    const profile = cached({ ttlMs: 1_000, staleWhileRevalidateMs: 5_000 });
    await answered(profile('u'), 0, 'old');
    await env.clock.advanceAsync(1_500);
    expect(await Promise.all([profile('u'), profile('u')])).toEqual(['old', 'old']);
    expect(dependency.calls).toHaveLength(2);
    dependency.at(1).resolve('new');
    await env.clock.advanceAsync(0);
    expect(await profile('u')).toBe('new');
  });

  it('waits for a fresh load once the stale-while-revalidate window has passed [RFC 5861 stale-while-revalidate]', async () => {
    const profile = cached({ ttlMs: 1_000, staleWhileRevalidateMs: 5_000 });
    await answered(profile('u'), 0, 'old');
    await env.clock.advanceAsync(6_000);
    expect(await answered(profile('u'), 1, 'new')).toBe('new');
  });

  it('answers every waiter of a failed load with the stale value within stale-if-error [RFC 5861 stale-if-error]', async () => {
    const profile = cached({ ttlMs: 1_000, staleIfErrorMs: 10_000 });
    await answered(profile('u'), 0, 'old');
    await env.clock.advanceAsync(2_000);
    const calls = [profile('u'), profile('u')];
    await env.clock.advanceAsync(0);
    dependency.at(1).reject(new Error('down'));
    await expect(Promise.all(calls)).resolves.toEqual(['old', 'old']);
    expect(stats().staleServed).toBe(2);
  });

  it('caches undefined and null results like any other [opossum test/cache.js, hostile input]', async () => {
    const { fn, seen } = counted(async (id: unknown) => (id === 1 ? undefined : null));
    const lookup = protect(fn, [cache()], { runtime: env.runtime, name: 'profiles' });
    expect([await lookup(1), await lookup(1), await lookup(2), await lookup(2)]).toEqual([
      undefined,
      undefined,
      null,
      null,
    ]);
    expect(seen).toEqual([[1], [2]]);
  });

  it('hits for NaN, keeps null, undefined and NaN apart, and shares 0 with -0 [hostile input]', async () => {
    const { fn, seen } = counted(async (value: unknown) => String(value));
    const lookup = protect(fn, [cache()], { runtime: env.runtime, name: 'profiles' });
    for (const value of [Number.NaN, Number.NaN, null, undefined, 0, -0]) await lookup(value);
    expect(seen).toEqual([[Number.NaN], [null], [undefined], [0]]);
  });

  it('refuses a cyclic argument with a CacheKeyError naming it, before the method runs [hostile input]', async () => {
    const { fn, seen } = counted(async () => 'loaded');
    const lookup = protect(fn, [cache()], { runtime: env.runtime, name: 'profiles' });
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic.self = cyclic;
    const refused = await outcomeOf(lookup('a', cyclic));
    expect(refused).toBeInstanceOf(CacheKeyError);
    expect((refused as CacheKeyError).message).toContain('argument 1.self');
    expect(seen).toHaveLength(0);
    expect(stats().keyErrors).toBe(1);
  });

  it('refuses an argument whose toJSON or getter throws with a CacheKeyError, and keys the next call as usual [hostile input]', async () => {
    const { fn, seen } = counted(async (...args: unknown[]) => args.length);
    const lookup = protect(fn, [cache()], { runtime: env.runtime, name: 'profiles' });
    let fail = true;
    const shared = {
      get id(): number {
        if (fail) throw new Error('getter failed');
        return 7;
      },
    };
    const badJson = { toJSON: () => JSON.parse('{') as unknown };
    for (const bad of [shared, badJson]) {
      const refused = await outcomeOf(lookup('x', bad));
      expect(refused).toBeInstanceOf(CacheKeyError);
      expect((refused as CacheKeyError).message).toContain('argument 1');
      expect((refused as CacheKeyError).cause).toBeInstanceOf(Error);
    }
    fail = false;
    expect(await lookup('x', shared)).toBe(2);
    expect(await lookup('x', { id: 7 })).toBe(2);
    expect(seen).toHaveLength(1);
  });

  it('refuses an argument nested too deep to key with a CacheKeyError, not a stack overflow [hostile input]', async () => {
    const { fn, seen } = counted(async () => 'loaded');
    const lookup = protect(fn, [cache()], { runtime: env.runtime, name: 'profiles' });
    let deep: unknown = 'bottom';
    for (let depth = 0; depth < 100_000; depth++) deep = [deep];
    expect(await outcomeOf(lookup(deep))).toBeInstanceOf(CacheKeyError);
    expect(await lookup([1])).toBe('loaded');
    expect(seen).toHaveLength(1);
  });

  it('stores a cyclic result and serves the same object on a hit [hostile input]', async () => {
    const value: Record<string, unknown> = { name: 'loop' };
    value.self = value;
    const { fn, seen } = counted(async () => value);
    const lookup = protect(fn, [cache()], { runtime: env.runtime, name: 'profiles' });
    expect(await lookup('a')).toBe(value);
    expect(await lookup('a')).toBe(value);
    expect(seen).toHaveLength(1);
    expect(stats().bytes).toBeGreaterThan(0);
  });

  it('does not store a value larger than maxBytes, and still answers with it [opossum test/cache.js "Enforcement of cache max size", hostile input]', async () => {
    const huge = 'x'.repeat(1_000_000);
    const { fn, seen } = counted(async () => huge);
    const lookup = protect(fn, [cache({ maxBytes: 1_024 * 1_024 })], {
      runtime: env.runtime,
      name: 'profiles',
    });
    expect(await lookup('a')).toBe(huge);
    expect(await lookup('a')).toBe(huge);
    expect(seen).toHaveLength(2);
    expect(stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['a negative size', -10_000],
    ['infinity', Number.POSITIVE_INFINITY],
    ['a string', '12'],
  ])(
    'does not store a value whose sizeOf answers %s, so the byte bound holds [hostile input]',
    async (_what, size) => {
      const { fn, seen } = counted(async (id: unknown) => id);
      const lookup = protect(fn, [cache({ sizeOf: () => size as number, maxBytes: 2_048 })], {
        runtime: env.runtime,
        name: 'profiles',
      });
      await lookup(1);
      await lookup(1);
      expect(seen).toHaveLength(2);
      expect(stats()).toMatchObject({ entries: 0, bytes: 0, storeErrors: 2 });
    },
  );

  it('keeps the byte bound of the store whatever sizeOf answered before [hostile input]', () => {
    let size: unknown = Number.NaN;
    const store = new MemoryCacheStore({
      maxEntries: 100,
      maxBytes: 2_048,
      sizeOf: () => size as number,
    });
    const entry = (value: unknown): CacheEntry => ({
      value,
      storedAt: 0,
      freshUntil: 1,
      keepUntil: 1,
      tags: [],
    });
    expect(() => store.set('nan', entry(1))).toThrow(ConfigError);
    size = 1_000;
    for (const key of ['a', 'b', 'c']) store.set(key, entry(key));
    expect(store.bytes).toBeLessThanOrEqual(2_048);
    expect(store.entries).toBe(1);
  });

  it('answers the call and stores nothing when ttlMs or tags throw [hostile input]', async () => {
    const { fn, seen } = counted(async () => 'loaded');
    const lookup = protect(
      fn,
      [
        cache({
          ttlMs: () => {
            throw new Error('bad ttl');
          },
        }),
      ],
      { runtime: env.runtime, name: 'profiles' },
    );
    expect(await lookup('a')).toBe('loaded');
    expect(await lookup('a')).toBe('loaded');
    expect(seen).toHaveLength(2);
    expect(stats().storeErrors).toBe(2);
  });

  it.each<[string, unknown]>([
    ['a numeric string', '100'],
    ['NaN', Number.NaN],
    ['a negative number', -1],
    ['null', null],
  ])('stores nothing when a ttlMs function answers %s [hostile input]', async (_what, ttl) => {
    const { fn, seen } = counted(async () => 'loaded');
    const lookup = protect(fn, [cache({ ttlMs: () => ttl as number })], {
      runtime: env.runtime,
      name: 'profiles',
    });
    await lookup('a');
    await env.clock.advanceAsync(5_000);
    await lookup('a');
    expect(seen).toHaveLength(2);
    expect(stats().entries).toBe(0);
  });

  it.each<[string, unknown]>([
    ['a string', 'user:1'],
    ['numbers', [1, 2]],
    ['an empty tag', ['']],
    ['undefined', undefined],
  ])(
    'stores nothing when a tags function answers %s, counting a store error [hostile input]',
    async (_what, tags) => {
      const { fn, seen } = counted(async () => 'loaded');
      const lookup = protect(fn, [cache({ tags: () => tags as string[] })], {
        runtime: env.runtime,
        name: 'profiles',
      });
      await lookup('a');
      await lookup('a');
      expect(seen).toHaveLength(2);
      expect(stats()).toMatchObject({ entries: 0, storeErrors: 2 });
    },
  );

  it('refuses to invalidate a cache nobody registered with a coded error naming the known ones [hostile input]', async () => {
    cached();
    const refused = await outcomeOf(cacheRegistry(env.runtime).invalidate('profile', ['u']));
    expect(refused).toBeInstanceOf(UnknownCacheError);
    expect((refused as UnknownCacheError).message).toBe(
      'No cache is named "profile" (known: profiles).',
    );
  });

  it.each<[string, unknown]>([
    ['a NaN ttlMs', { ttlMs: Number.NaN }],
    ['a negative ttlMs', { ttlMs: -1 }],
    ['an infinite maxEntries', { maxEntries: Number.POSITIVE_INFINITY }],
    ['maxBytes below 1 KiB', { maxBytes: 100 }],
    ['a key that is not a function', { key: 'id' }],
    ['tags that are not strings', { tags: [1] }],
    ['a negative staleIfErrorMs', { staleIfErrorMs: -1 }],
    ['a sizeOf that is not a function', { sizeOf: 8 }],
  ])('refuses %s with BALLAST_ERR_CONFIG at decoration [hostile input]', (_what, options) => {
    expect(() => cache(options as CacheOptions)).toThrow(ConfigError);
  });
});
