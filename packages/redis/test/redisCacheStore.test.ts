import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { ConfigError, createRuntime, protect, type Runtime } from '@ballast/core';
import { cache, cacheRegistry, cacheStatistics, type CacheOptions } from '@ballast/resilience';
import { ManualClock } from '@ballast/testing';
import { connectRedis, type RedisConnection } from '../src/connection/RedisConnection.js';
import { redisCacheStores, type RedisCacheStoreOptions } from '../src/cache/RedisCacheStore.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  startRedisServer,
  until,
} from './support/redisTest.js';

const describeRedis = describeWithRedis('redisCacheStore.test.ts');

/** One process of the fleet: its runtime, its connection and its cached lookup. */
interface Instance {
  readonly runtime: Runtime;
  readonly redis: RedisConnection;
  readonly lookup: (sku: string) => Promise<string>;
  readonly loads: string[];
}

describeRedis('@Cache on a Redis store', () => {
  let server: RedisServer;
  let clock: ManualClock;
  let prefix: string;
  const instances: Instance[] = [];

  async function instance(options: CacheOptions = {}, fail = false): Promise<Instance> {
    const runtime = createRuntime({ clock });
    const redis = connectRedis({ url: server.url, keyPrefix: prefix, runtime, timeoutMs: 1_000 });
    await redis.waitUntilReady();
    const loads: string[] = [];
    const lookup = protect(
      async (sku: string) => {
        loads.push(sku);
        if (fail) throw new Error('catalogue down');
        return `product ${sku}`;
      },
      [cache({ store: redisCacheStores(redis), ...options })],
      { runtime, name: 'Catalogue.product' },
    );
    const created = { runtime, redis, lookup, loads };
    instances.push(created);
    return created;
  }

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    clock = new ManualClock(Date.now());
    prefix = freshPrefix();
  });
  afterEach(() => {
    for (const { runtime } of instances.splice(0)) runtime.dispose();
  });

  /** Resolves once the entry of `sku` is in Redis (a load stores its value without waiting). */
  const stored = (redis: RedisConnection, sku: string): Promise<void> =>
    until(async () => (await redis.call((client) => client.exists(entryKey(sku)))) === 1);
  const entryKey = (sku: string): string => `${prefix}cache:{Catalogue.product}:e:${sku}`;

  it('shares entries across the fleet: what one process loaded, another serves', async () => {
    const [a, b] = [await instance(), await instance()];
    expect(await a.lookup('p-1')).toBe('product p-1');
    await stored(a.redis, 'p-1');
    expect(await b.lookup('p-1')).toBe('product p-1');
    expect([a.loads, b.loads]).toEqual([['p-1'], []]);
    expect(cacheStatistics(b.runtime).get('Catalogue.product')).toMatchObject({
      hits: 1,
      misses: 0,
    });
  });

  it('lets Redis expire an entry at the end of its last stale window', async () => {
    const a = await instance({ ttlMs: 10_000, staleIfErrorMs: 50_000 });
    await a.lookup('p-1');
    await stored(a.redis, 'p-1');
    const pttl = await a.redis.call((client) => client.pTTL(entryKey('p-1')));
    expect(pttl).toBeGreaterThan(59_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('answers concurrent calls for one key with one look-up and one load', async () => {
    const a = await instance();
    const before = await gets(a.redis);
    const answers = await Promise.all(Array.from({ length: 100 }, () => a.lookup('p-9')));
    expect(new Set(answers)).toEqual(new Set(['product p-9']));
    expect(a.loads).toEqual(['p-9']);
    expect((await gets(a.redis)) - before).toBe(1);
    expect(cacheStatistics(a.runtime).get('Catalogue.product')).toMatchObject({
      misses: 1,
      coalesced: 99,
    });
  });

  it('invalidates by tag for every process, from any of them', async () => {
    const tags = { tags: ([sku]: unknown[]) => [`sku:${sku as string}`] };
    const [a, b] = [await instance(tags), await instance(tags)];
    await a.lookup('p-1');
    await a.lookup('p-2');
    await stored(a.redis, 'p-1');
    await stored(a.redis, 'p-2');
    expect(await cacheRegistry(b.runtime).invalidateTag('sku:p-1')).toBe(1);
    await b.lookup('p-1');
    await b.lookup('p-2');
    expect(b.loads).toEqual(['p-1']);
    await stored(b.redis, 'p-1');
    expect(await cacheRegistry(a.runtime).clear('Catalogue.product')).toBe(2);
  });

  it('serves a stale value from Redis when the load fails within staleIfErrorMs', async () => {
    const window = { ttlMs: 1_000, staleIfErrorMs: 60_000 };
    const healthy = await instance(window);
    await healthy.lookup('p-1');
    await stored(healthy.redis, 'p-1');
    await clock.advanceAsync(5_000);
    const failing = await instance(window, true);
    expect(await failing.lookup('p-1')).toBe('product p-1');
    expect(failing.loads).toEqual(['p-1']);
    expect(cacheStatistics(failing.runtime).get('Catalogue.product')?.staleServed).toBe(1);
  });

  it('serves a stale value from Redis at once while one background load refreshes it', async () => {
    const a = await instance({ ttlMs: 1_000, staleWhileRevalidateMs: 60_000 });
    await a.lookup('p-1');
    await stored(a.redis, 'p-1');
    await clock.advanceAsync(2_000);
    expect(await a.lookup('p-1')).toBe('product p-1');
    await until(() => a.loads.length === 2); // the background load
    expect(cacheStatistics(a.runtime).get('Catalogue.product')).toMatchObject({
      staleServed: 1,
      misses: 1,
    });
  });

  it('rejects a bad prefix, serializer or unknown option with BALLAST_ERR_CONFIG when the factory is made', async () => {
    const runtime = createRuntime({ clock });
    const redis = connectRedis({ url: server.url, keyPrefix: prefix, runtime });
    instances.push({ runtime, redis, lookup: async () => '', loads: [] });
    const make = (options: unknown) => () =>
      redisCacheStores(redis, options as RedisCacheStoreOptions);
    expect(make({ prefix: '' })).toThrow(
      'redisCacheStores: option "prefix" must be a non-empty string (got a string of 0 characters).',
    );
    expect(make({ serializer: { stringify: JSON.stringify } })).toThrow(
      'option "serializer" must be an object with stringify(value) and parse(text), like JSON',
    );
    expect(make({ ttlMs: 5 })).toThrow(ConfigError);
  });

  it('loads as on a miss when Redis does not answer, and counts it', async () => {
    const a = await instance();
    const fallbacks: unknown[] = [];
    a.runtime.events.on('redis.fallback', (event) => fallbacks.push(event));
    server.pause();
    try {
      const answer = a.lookup('p-1');
      await clock.advanceAsync(1_000); // the connection's timeout
      expect(await answer).toBe('product p-1');
    } finally {
      server.resume();
    }
    expect(a.loads).toEqual(['p-1']);
    expect(cacheStatistics(a.runtime).get('Catalogue.product')?.storeErrors).toBeGreaterThan(0);
    expect(fallbacks).toContainEqual({
      component: 'cache',
      name: 'Catalogue.product',
      reason: 'BALLAST_ERR_TIMEOUT',
    });
  });
});

/** GET commands the server ran so far. */
async function gets(redis: RedisConnection): Promise<number> {
  const info = String(await redis.call((client) => client.sendCommand(['INFO', 'commandstats'])));
  return Number(/cmdstat_get:calls=(\d+)/.exec(info)?.[1] ?? 0);
}
