import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { ConfigError, createRuntime, protect, type Runtime } from '@ballast/core';
import { RateLimitedError, rateLimit, rateLimitStatistics } from '@ballast/resilience';
import { ManualClock } from '@ballast/testing';
import { connectRedis, type RedisConnection } from '../src/connection/RedisConnection.js';
import { ClusterRateLimiter } from '../src/rate-limit/ClusterRateLimiter.js';
import { clusterRateLimits } from '../src/rate-limit/clusterRateLimits.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  settlesAt,
  startRedisServer,
  until,
} from './support/redisTest.js';

const describeRedis = describeWithRedis('clusterRateLimiter.test.ts');

describeRedis('ClusterRateLimiter', () => {
  let server: RedisServer;
  let clock: ManualClock;
  let runtime: Runtime;
  let prefix: string;
  const connections: RedisConnection[] = [];

  function instance(id: string): RedisConnection {
    const redis = connectRedis({ url: server.url, keyPrefix: prefix, instanceId: id, runtime });
    connections.push(redis);
    return redis;
  }

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    clock = new ManualClock(1_700_000_000_000);
    runtime = createRuntime({ clock });
    prefix = freshPrefix();
  });
  afterEach(() => {
    runtime.dispose();
    connections.length = 0;
  });

  it('admits the burst, refuses with retryAfterMs, and refills at the rate', async () => {
    const redis = instance('a');
    await redis.waitUntilReady();
    const limiter = new ClusterRateLimiter(redis, {
      name: 'sms',
      rate: 10,
      interval: 1_000,
      burst: 5,
      batch: 5,
      time: 'runtime',
    });
    for (let i = 0; i < 5; i++) expect(await limiter.acquire('eu')).toBeUndefined();
    const refused = await limiter.acquire('eu');
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({
      code: 'BALLAST_ERR_RATE_LIMITED',
      limiterName: 'sms',
      key: 'eu',
    });
    // Empty: asked again only when a whole lease (5 permits at 10/s) has refilled.
    expect(refused!.retryAfterMs).toBe(500);
    expect(await limiter.acquire('us')).toBeUndefined(); // another key, another bucket
    clock.advance(499);
    expect(await limiter.acquire('eu')).toBeInstanceOf(RateLimitedError);
    clock.advance(1);
    for (let i = 0; i < 5; i++) expect(await limiter.acquire('eu')).toBeUndefined();
    expect(await limiter.acquire('eu')).toBeInstanceOf(RateLimitedError);
  });

  it('leases permits in batches: a busy process asks Redis once per 3/4 of a batch', async () => {
    const redis = instance('a');
    await redis.waitUntilReady();
    const limiter = new ClusterRateLimiter(redis, {
      name: 'api',
      rate: 1_000_000,
      batch: 20,
      time: 'runtime',
    });
    for (let i = 0; i < 1_000; i++) {
      expect(await limiter.acquire()).toBeUndefined();
      if (i % 10 === 0) clock.advance(1);
    }
    const { admitted, roundTrips } = limiter.statistics();
    expect(admitted).toBe(1_000);
    // The next lease leaves when a quarter of the batch is left, and refills it to the batch.
    expect(roundTrips).toBeLessThanOrEqual(Math.ceil(1_000 / 15) + 3);
  });

  it('shares one bucket between instances: with the clock stopped they admit exactly the burst', async () => {
    const limiters = ['a', 'b', 'c'].map(
      (id) =>
        new ClusterRateLimiter(instance(id), {
          name: 'shared',
          rate: 50,
          burst: 50,
          batch: 5,
          time: 'runtime',
        }),
    );
    await Promise.all(connections.map((redis) => redis.waitUntilReady()));
    let admitted = 0;
    for (let round = 0; round < 40; round++) {
      const outcomes = await Promise.all(limiters.map((limiter) => limiter.acquire('k')));
      admitted += outcomes.filter((outcome) => outcome === undefined).length;
    }
    expect(admitted).toBe(50);
    expect(limiters[0]!.statistics().instances).toBe(3);
  });

  it('spreads a saturated fleet: a refused instance asks again after a lease refills for every instance, jittered', async () => {
    const limiters = ['a', 'b', 'c'].map(
      (id) =>
        new ClusterRateLimiter(instance(id), {
          name: 'busy',
          rate: 100,
          batch: 10,
          time: 'runtime',
        }),
    );
    await Promise.all(connections.map((redis) => redis.waitUntilReady()));
    for (const limiter of limiters) await limiter.acquire('k'); // all three are members now
    let refused: RateLimitedError | undefined;
    while (refused === undefined) refused = await limiters[0]!.acquire('k');
    // Alone it would ask again once its lease (10 permits at 0.1/ms) refilled: 100 ms. With
    // three instances it waits for three leases, times a jitter of 0.5 to 1.5.
    expect(refused.retryAfterMs).toBeGreaterThanOrEqual(0.5 * 300 - 10);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1.5 * 300);
  });

  it('loads the script again with EVAL after the server lost it (NOSCRIPT)', async () => {
    const redis = instance('a');
    await redis.waitUntilReady();
    const limiter = new ClusterRateLimiter(redis, {
      name: 'n',
      rate: 100,
      batch: 1,
      time: 'runtime',
    });
    expect(await limiter.acquire()).toBeUndefined();
    await redis.call((client) => client.sendCommand(['SCRIPT', 'FLUSH']));
    await redis.call((client) => client.sendCommand(['CONFIG', 'RESETSTAT']));
    expect(await limiter.acquire()).toBeUndefined();
    expect(await limiter.acquire()).toBeUndefined();
    const stats = String(
      await redis.call((client) => client.sendCommand(['INFO', 'commandstats'])),
    );
    expect(stats).toMatch(/cmdstat_eval:calls=1,/);
    // The NOSCRIPT miss, then a hit with the hash alone.
    expect(stats).toMatch(/cmdstat_evalsha:calls=2,.*failed_calls=1/);
  });

  it('falls back to a local share when Redis hangs: no call waits past the timeout, fallbacks counted', async () => {
    const events: string[] = [];
    runtime.events.on('redis.fallback', ({ component, name }) =>
      events.push(`fallback ${component} ${name}`),
    );
    runtime.events.on('redis.recovered', ({ name }) => events.push(`recovered ${name}`));
    const redis = connectRedis({
      url: server.url,
      keyPrefix: prefix,
      instanceId: 'a',
      runtime,
      timeoutMs: 200,
    });
    connections.push(redis);
    await redis.waitUntilReady();
    // Two instances seen: while Redis is away each allows half of 10/s (burst 10 → 5).
    const other = new ClusterRateLimiter(instance('b'), {
      name: 'out',
      rate: 10,
      batch: 1,
      time: 'runtime',
    });
    await connections[1]!.waitUntilReady();
    expect(await other.acquire('k')).toBeUndefined();
    const limiter = new ClusterRateLimiter(redis, {
      name: 'out',
      rate: 10,
      batch: 1,
      time: 'runtime',
    });
    expect(await limiter.acquire('k')).toBeUndefined();
    expect(limiter.statistics().instances).toBe(2);

    server.pause();
    const pending = Array.from({ length: 11 }, () => limiter.acquire('k'));
    const outcomes = await settlesAt(clock, Promise.all(pending), 200);
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(5);
    expect(limiter.statistics()).toMatchObject({ admittedLocally: 5, refused: 6, fallbacks: 11 });
    expect(events).toEqual(['fallback rateLimit out']);

    await server.kill();
    await server.start();
    await until(() => redis.ready);
    expect(await limiter.acquire('k')).toBeUndefined();
    expect(events).toEqual(['fallback rateLimit out', 'recovered out']);
  }, 30_000); // a killed server restarts and clients reconnect (backing off up to 2 s)

  // 30 s: two fresh connections right after the previous test restarted the server (one CI run
  // took longer than Jest's 5 s default); a step that is really stuck then fails with its own
  // `until` message (10 s) instead of a bare test timeout.
  it('backs @RateLimit: instances share the limit by name and key, and a caller waits up to maxWait', async () => {
    const other = createRuntime({ clock }); // a second instance, on the same timeline
    try {
      const instanceOn = (on: Runtime, id: string) => {
        const redis = connectRedis({
          url: server.url,
          keyPrefix: prefix,
          instanceId: id,
          runtime: on,
        });
        connections.push(redis);
        const backend = clusterRateLimits(redis, { batch: 5, time: 'runtime' });
        const limits = { rate: 10, interval: 1_000, burst: 5 };
        const send = protect(
          async (to: string) => `sent to ${to}`,
          [rateLimit({ name: 'sms', ...limits, maxWait: 1_000, key: ([to]) => to, backend })],
          { runtime: on },
        );
        // The limiter the aspect uses: the backend keeps one per name and limits.
        return { send, limiter: backend.limit('sms', limits) as ClusterRateLimiter };
      };
      const fleet = [instanceOn(runtime, 'a'), instanceOn(other, 'b')];
      await Promise.all(connections.map((redis) => redis.waitUntilReady()));
      // The bucket `sms` / `ann` holds 5 (the burst) for both instances together.
      for (let i = 0; i < 5; i++)
        await expect(fleet[i % 2]!.send('ann')).resolves.toBe('sent to ann');
      await expect(fleet[1]!.send('bob')).resolves.toBe('sent to bob'); // another key, another bucket

      const waiting = fleet[1]!.send('ann'); // empty: waits for the refill instead of failing
      await until(() => fleet[1]!.limiter.statistics().refused === 1);
      await clock.advanceAsync(1_000);
      await expect(waiting).resolves.toBe('sent to ann');
      const [a, b] = [rateLimitStatistics(runtime), rateLimitStatistics(other)].map((all) =>
        all.get('sms')!,
      );
      expect(a).toMatchObject({ keyed: true, permitted: 3, delayed: 0, rejected: 0 });
      expect(b).toMatchObject({ keyed: true, permitted: 3, delayed: 1, rejected: 0 });
    } finally {
      other.dispose();
    }
  }, 30_000);

  it('rejects bad options and permit counts with BALLAST_ERR_CONFIG', async () => {
    const redis = instance('a');
    expect(() => new ClusterRateLimiter(redis, { name: 'x', rate: 0 })).toThrow(
      'ClusterRateLimiter: option "rate" must be a finite number > 0',
    );
    expect(() => new ClusterRateLimiter(redis, { name: 'x', rate: 5, batch: 6 })).toThrow(
      ConfigError,
    );
    const limiter = new ClusterRateLimiter(redis, { name: 'x', rate: 5 });
    expect(() => limiter.acquire('k', 6)).toThrow(
      'ClusterRateLimiter "x": permits must be an integer from 1 to batch (5) (got 6).',
    );
  });
});
