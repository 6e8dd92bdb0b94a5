import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CancelledError,
  createRuntime,
  protect,
  type Runtime,
  runInContext,
  SyncUnsupportedError,
  weave,
} from '@ballast/core';
import { ManualClock } from '@ballast/testing';
import { PendingCalls } from '../../test/fixtures/pendingCalls.js';
import { outcomeOf } from '../../test/outcomes.js';
import { fallback } from '../fallback/Fallback.js';
import { ConstantBackoff } from '../retry/backoff/ConstantBackoff.js';
import { retry } from '../retry/Retry.js';
import { Cache, cache } from './Cache.js';
import { CacheKeyError } from './CacheKeyError.js';
import type { CacheOptions } from './CacheOptions.js';
import { cacheRegistry, cacheStatistics } from './CacheRegistry.js';

describe('Cache', () => {
  let clock: ManualClock;
  let runtime: Runtime;
  let dependency: PendingCalls;
  let events: unknown[];

  beforeEach(() => {
    clock = new ManualClock(1_000);
    runtime = createRuntime({ clock });
    dependency = new PendingCalls();
    events = [];
    runtime.events.on('cache.stale-served', (event) => events.push(event));
  });
  afterEach(() => runtime.dispose());

  function cached(options: CacheOptions = {}, name = 'profiles') {
    return protect(dependency.fn, [cache(options)], { runtime, name });
  }

  async function settled(pending: Promise<unknown>, index: number, value = 'v'): Promise<unknown> {
    await clock.advanceAsync(0);
    dependency.at(index).resolve(value);
    return outcomeOf(pending);
  }

  it('serves a hit without calling again, and calls again once the TTL has passed', async () => {
    const profile = cached({ ttlMs: 1_000 });
    expect(await settled(profile('u-1'), 0, 'Ada')).toBe('Ada');
    expect(await profile('u-1')).toBe('Ada');
    expect(dependency.calls).toHaveLength(1);
    await clock.advanceAsync(1_000);
    expect(await settled(profile('u-1'), 1, 'Ada L.')).toBe('Ada L.');
    expect(cacheStatistics(runtime).get('profiles')).toMatchObject({ hits: 1, misses: 2 });
  });

  it('answers 1,000 concurrent misses of one key with one call', async () => {
    const profile = cached();
    const calls = Array.from({ length: 1_000 }, () => profile('u-1'));
    await clock.advanceAsync(0);
    expect(dependency.calls).toHaveLength(1);
    dependency.at(0).resolve('Ada');
    expect(new Set(await Promise.all(calls))).toEqual(new Set(['Ada']));
    expect(cacheStatistics(runtime).get('profiles')).toMatchObject({
      misses: 1,
      coalesced: 999,
      entries: 1,
    });
  });

  it('lets a coalesced waiter leave on its own signal, without cancelling the others', async () => {
    const profile = cached();
    const leaving = new AbortController();
    const first = outcomeOf(profile('u-1'));
    const waiter = outcomeOf(runInContext({ signal: leaving.signal }, () => profile('u-1')));
    const other = outcomeOf(
      runInContext({ signal: new AbortController().signal }, () => profile('u-1')),
    );
    await clock.advanceAsync(0);
    leaving.abort(new Error('client left'));
    expect(await waiter).toMatchObject({
      code: 'BALLAST_ERR_CANCELLED',
      cause: { message: 'client left' },
    });
    dependency.at(0).resolve('Ada');
    expect([await first, await other]).toEqual(['Ada', 'Ada']);
    expect(cacheStatistics(runtime).get('profiles')).toMatchObject({ coalesced: 2, cancelled: 1 });
  });

  it('keeps the load alive when its first caller leaves, and cancels it when the last one does', async () => {
    const profile = cached();
    const [a, b] = [new AbortController(), new AbortController()];
    const first = outcomeOf(runInContext({ signal: a.signal }, () => profile('u-1')));
    const second = outcomeOf(runInContext({ signal: b.signal }, () => profile('u-1')));
    await clock.advanceAsync(0);
    const load = dependency.at(0).signal!;
    expect(load).not.toBe(a.signal);
    a.abort();
    await first;
    expect(load.aborted).toBe(false);
    b.abort();
    await second;
    expect(load.aborted).toBe(true);
    expect(CancelledError.is(load.reason)).toBe(true);
    // The abandoned load is no flight any more: the next call loads afresh.
    const third = profile('u-1');
    expect(await settled(third, 1, 'Ada')).toBe('Ada');
  });

  it('serves a stale value when the load fails within staleIfErrorMs, and the error after it', async () => {
    const profile = cached({ ttlMs: 1_000, staleIfErrorMs: 5_000 });
    await settled(profile('u-1'), 0, 'Ada');
    await clock.advanceAsync(1_000 + 4_999);
    const within = outcomeOf(profile('u-1'));
    await clock.advanceAsync(0);
    dependency.at(1).reject(new Error('down'));
    expect(await within).toBe('Ada');
    await clock.advanceAsync(1);
    const after = outcomeOf(profile('u-1'));
    await clock.advanceAsync(0);
    dependency.at(2).reject(new Error('still down'));
    expect(await after).toMatchObject({ message: 'still down' });
    expect(events).toEqual([{ policy: 'profiles', reason: 'error', staleMs: 4_999 }]);
    expect(cacheStatistics(runtime).get('profiles')?.staleServed).toBe(1);
  });

  it('never serves a stale value for a cancelled call or a programming error', async () => {
    const profile = cached({ ttlMs: 1_000, staleIfErrorMs: 5_000 });
    await settled(profile('u-1'), 0, 'Ada');
    await clock.advanceAsync(1_500);
    const call = outcomeOf(profile('u-1'));
    await clock.advanceAsync(0);
    dependency.at(1).reject(new CacheKeyError('a nested cache could not key its call'));
    expect(CacheKeyError.is(await call)).toBe(true);
  });

  it('serves stale while revalidating: at once, with one background load', async () => {
    const profile = cached({ ttlMs: 1_000, staleWhileRevalidateMs: 10_000 });
    await settled(profile('u-1'), 0, 'Ada');
    await clock.advanceAsync(2_000);
    expect(await profile('u-1')).toBe('Ada');
    expect(await profile('u-1')).toBe('Ada');
    expect(dependency.calls).toHaveLength(2);
    dependency.at(1).resolve('Ada L.');
    await clock.advanceAsync(0);
    expect(await profile('u-1')).toBe('Ada L.');
    expect(cacheStatistics(runtime).get('profiles')).toMatchObject({ staleServed: 2, hits: 1 });
    expect(events).toContainEqual({ policy: 'profiles', reason: 'revalidate', staleMs: 1_000 });
  });

  it('counts a failed background load and keeps serving the stale value', async () => {
    const profile = cached({ ttlMs: 1_000, staleWhileRevalidateMs: 10_000 });
    await settled(profile('u-1'), 0, 'Ada');
    await clock.advanceAsync(2_000);
    expect(await profile('u-1')).toBe('Ada');
    dependency.at(1).reject(new Error('down'));
    await clock.advanceAsync(0);
    expect(await profile('u-1')).toBe('Ada');
    expect(cacheStatistics(runtime).get('profiles')?.refreshErrors).toBe(1);
  });

  it('invalidates by tag, by arguments and by key, from code', async () => {
    const profile = cached({ tags: ([id]) => [`user:${id as string}`, 'profiles'] });
    await settled(profile('u-1'), 0, 'Ada');
    await settled(profile('u-2'), 1, 'Grace');
    const caches = cacheRegistry(runtime);
    expect(await caches.invalidateTag('user:1')).toBe(0);
    expect(await caches.invalidateTag('user:u-1')).toBe(1);
    expect(await caches.invalidate('profiles', ['u-2'])).toBe(1);
    await settled(profile('u-1'), 2, 'Ada');
    expect(await caches.invalidateKey('profiles', 'u-1')).toBe(1);
    expect(await caches.clear()).toBe(0);
    expect(cacheStatistics(runtime).get('profiles')).toMatchObject({ entries: 0, invalidated: 3 });
    await expect(caches.invalidateTag('x', 'nope')).rejects.toMatchObject({
      code: 'BALLAST_ERR_UNKNOWN_CACHE',
      message: 'No cache is named "nope" (known: profiles).',
    });
  });

  it('does not store what a load returns when its key was invalidated meanwhile', async () => {
    const profile = cached();
    const pending = profile('u-1');
    await clock.advanceAsync(0);
    await cacheRegistry(runtime).invalidate('profiles', ['u-1']);
    dependency.at(0).resolve('old Ada');
    expect(await pending).toBe('old Ada');
    expect(await settled(profile('u-1'), 1, 'new Ada')).toBe('new Ada');
  });

  it('refuses arguments it cannot key with a CacheKeyError, before the method runs', async () => {
    const find = cached();
    const error = await outcomeOf(find({ where: () => true }));
    expect(CacheKeyError.is(error)).toBe(true);
    expect((error as Error).message).toBe(
      '@Cache on profiles: argument 0.where cannot be part of a cache key: it is a function. Keys are made ' +
        'of strings, numbers, booleans, null, undefined, bigints, arrays, plain objects and ' +
        'objects with toJSON (such as Date); give the cache a key: (args) => string.',
    );
    expect(dependency.calls).toHaveLength(0);
    expect(cacheStatistics(runtime).get('profiles')?.keyErrors).toBe(1);
  });

  it('keys calls with a key function, and refuses one that returns no string', async () => {
    const byId = cached({ key: ([query]) => (query as { id: string }).id });
    await settled(byId({ id: 'u-1', at: new Map() }), 0, 'Ada');
    expect(await byId({ id: 'u-1', at: new Set() })).toBe('Ada');
    const bad = cached({ key: () => 42 as unknown as string }, 'bad');
    await expect(bad('u-1')).rejects.toThrow('the key function must return a string (got number)');
  });

  it('keeps each entry for its own TTL', async () => {
    const profile = cached({ ttlMs: (value: string) => (value === 'short' ? 100 : 10_000) });
    await settled(profile('a'), 0, 'short');
    await settled(profile('b'), 1, 'long');
    await clock.advanceAsync(100);
    expect(await profile('b')).toBe('long');
    const again = profile('a');
    await clock.advanceAsync(0);
    expect(dependency.calls).toHaveLength(3);
    dependency.at(2).resolve('short');
    await again;
  });

  it('never caches a fallback value: the fallback runs outside the cache', async () => {
    const profile = protect(dependency.fn, [cache(), fallback({ value: 'placeholder' })], {
      runtime,
      name: 'profiles',
    });
    const failing = profile('u-1');
    await clock.advanceAsync(0);
    dependency.at(0).reject(new Error('down'));
    expect(await failing).toBe('placeholder');
    expect(await settled(profile('u-1'), 1, 'Ada')).toBe('Ada');
  });

  it('tries stale-if-error after every retry and before the fallback', async () => {
    const profile = protect(
      dependency.fn,
      [
        fallback({ value: 'placeholder' }),
        cache({ ttlMs: 1_000, staleIfErrorMs: 1_000 }),
        retry({ maxAttempts: 2, backoff: new ConstantBackoff(0), budget: false }),
      ],
      { runtime, name: 'profiles' },
    );
    await settled(profile('u-1'), 0, 'Ada');
    await clock.advanceAsync(1_500);
    const stale = profile('u-1');
    await clock.advanceAsync(0);
    dependency.at(1).reject(new Error('down'));
    await clock.advanceAsync(0);
    dependency.at(2).reject(new Error('down again'));
    expect(await stale).toBe('Ada');
    await clock.advanceAsync(1_000);
    const late = profile('u-1');
    await clock.advanceAsync(0);
    dependency.at(3).reject(new Error('down'));
    await clock.advanceAsync(0);
    dependency.at(4).reject(new Error('down again'));
    expect(await late).toBe('placeholder');
  });

  it('keeps a synchronous method synchronous', () => {
    let calls = 0;
    class Prices {
      @Cache()
      price(sku: string): number {
        calls++;
        return sku.length;
      }
    }
    const prices = weave(new Prices(), runtime);
    expect(prices.price('abc')).toBe(3);
    expect(prices.price('abc')).toBe(3);
    expect(calls).toBe(1);
  });

  it('refuses stale-while-revalidate on a synchronous method: a background load needs time', () => {
    class Prices {
      @Cache({ staleWhileRevalidateMs: 1_000 })
      price(sku: string): number {
        return sku.length;
      }
    }
    const prices = weave(new Prices(), runtime);
    expect(() => prices.price('abc')).toThrow(SyncUnsupportedError);
  });

  it('validates its options at decoration', () => {
    expect(() => cache({ maxEntries: 0 })).toThrow(/"maxEntries" must be an integer >= 1/);
    expect(() => cache({ tags: [''] })).toThrow(/"tags" must be an array of non-empty strings/);
    expect(() => cache({ store: {} as never })).toThrow(/"store" must be a store factory/);
  });
});
