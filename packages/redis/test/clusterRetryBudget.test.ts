import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { ConfigError, createRuntime, protect, type Runtime } from '@ballast/core';
import { ConstantBackoff, retry, retryStatistics } from '@ballast/resilience';
import { ManualClock } from '@ballast/testing';
import { connectRedis, type RedisConnection } from '../src/connection/RedisConnection.js';
import { ClusterRetryBudget } from '../src/retry-budget/ClusterRetryBudget.js';
import { clusterRetryBudgets } from '../src/retry-budget/clusterRetryBudgets.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  settlesAt,
  startRedisServer,
  until,
} from './support/redisTest.js';

const describeRedis = describeWithRedis('clusterRetryBudget.test.ts');

describeRedis('ClusterRetryBudget', () => {
  let server: RedisServer;
  let clock: ManualClock;
  let runtime: Runtime;
  let prefix: string;

  const budgetOn = (id: string): { redis: RedisConnection; budget: ClusterRetryBudget } => {
    const redis = connectRedis({
      url: server.url,
      keyPrefix: prefix,
      instanceId: id,
      runtime,
      timeoutMs: 200,
    });
    const budget = new ClusterRetryBudget(redis, {
      name: 'payments',
      ratio: 0.2,
      minRetriesPerSecond: 0,
      time: 'runtime',
    });
    return { redis, budget };
  };
  const grantsOf = (budget: ClusterRetryBudget, tries: number): number =>
    Array.from({ length: tries }, () => budget.tryAcquire()).filter(Boolean).length;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    clock = new ManualClock(1_700_000_000_000);
    runtime = createRuntime({ clock });
    prefix = freshPrefix();
  });
  afterEach(() => runtime.dispose());

  it("gives each instance its share of the fleet's budget, synced at an interval rather than per call", async () => {
    const a = budgetOn('a');
    const b = budgetOn('b');
    await Promise.all([a.redis.waitUntilReady(), b.redis.waitUntilReady()]);
    await b.budget.sync();
    for (let i = 0; i < 100; i++) a.budget.recordCall(); // only a serves calls
    expect(await a.budget.sync()).toBe(true);
    expect(await b.budget.sync()).toBe(true);
    expect(b.budget.statistics()).toMatchObject({ fleetCalls: 100, fleetRetries: 0, instances: 2 });
    // 20 % of the fleet's 100 calls, split between two instances.
    expect(grantsOf(b.budget, 15)).toBe(10);
    expect(grantsOf(a.budget, 15)).toBe(10);
    await b.budget.sync();
    await a.budget.sync();
    expect(a.budget.statistics()).toMatchObject({ fleetRetries: 20 });
    expect(a.budget.tryAcquire()).toBe(false);
    // The window slides: ten seconds later the calls and retries are gone.
    clock.advance(10_000);
    for (let i = 0; i < 50; i++) a.budget.recordCall();
    await Promise.all([a.budget.sync(), b.budget.sync()]);
    expect(a.budget.statistics()).toMatchObject({ fleetCalls: 50, fleetRetries: 0 });
    expect(grantsOf(a.budget, 10)).toBe(5); // half of 20 % of 50
    for (let i = 0; i < 10; i++) a.budget.recordCall();
    expect(grantsOf(a.budget, 10)).toBe(2); // plus 20 % of its calls since the sync
  });

  it('falls back to local counts when Redis is gone and resynchronises when it is back', async () => {
    const events: string[] = [];
    runtime.events.on('redis.fallback', ({ component }) => events.push(`fallback ${component}`));
    runtime.events.on('redis.recovered', ({ component }) => events.push(`recovered ${component}`));
    const a = budgetOn('a');
    await a.redis.waitUntilReady();
    for (let i = 0; i < 100; i++) a.budget.recordCall();
    await a.budget.sync();

    server.pause();
    expect(await settlesAt(clock, a.budget.sync(), 200)).toBe(false);
    clock.advance(3_000); // the last good sync is now older than three intervals
    expect(grantsOf(a.budget, 30)).toBe(20); // 20 % of its own 100 calls
    expect(a.budget.statistics().fallbacks).toBe(30);
    expect(events).toEqual(['fallback retryBudget']);

    await server.kill();
    await server.start();
    await until(() => a.redis.ready);
    expect(await a.budget.sync()).toBe(true);
    expect(events).toEqual(['fallback retryBudget', 'recovered retryBudget']);
    // The restarted Redis was empty: the counts sent now are the ones made during the outage.
    expect(a.budget.statistics()).toMatchObject({ fleetCalls: 0, fleetRetries: 20 });
  }, 30_000); // a killed server restarts and clients reconnect (backing off up to 2 s)

  it("backs @Retry's budget: one instance's calls fund the other's retries", async () => {
    const other = createRuntime({ clock }); // a second instance, on the same timeline
    try {
      const limits = { ratio: 0.2, minRetriesPerSecond: 0, windowMs: 10_000 };
      const instanceOn = (on: Runtime, id: string, fails: boolean) => {
        const redis = connectRedis({
          url: server.url,
          keyPrefix: prefix,
          instanceId: id,
          runtime: on,
        });
        const backend = clusterRetryBudgets(redis, { time: 'runtime' });
        const charge = protect(
          async () => {
            if (fails) throw new Error('declined');
            return 'charged';
          },
          [
            retry({
              name: 'payments',
              maxAttempts: 2,
              backoff: new ConstantBackoff(0),
              budget: { ...limits, backend },
            }),
          ],
          { runtime: on },
        );
        // The budget the retry uses: the backend hands out one per name and limits.
        return { redis, charge, budget: backend.budget('payments', limits) as ClusterRetryBudget };
      };
      const a = instanceOn(runtime, 'a', false);
      const b = instanceOn(other, 'b', true);
      await Promise.all([a.redis.waitUntilReady(), b.redis.waitUntilReady()]);
      for (let i = 0; i < 100; i++) await a.charge(); // only a serves calls that succeed
      await a.budget.sync();
      await b.budget.sync();
      expect(b.budget.statistics()).toMatchObject({ fleetCalls: 100, instances: 2 });
      const outcomes = await Promise.all(
        Array.from({ length: 15 }, () =>
          b.charge().catch((error: { reason?: string }) => error.reason),
        ),
      );
      // Its 15 calls add 3 to its allowance: half of 20 % of the fleet's 100, plus 20 % of 15.
      expect(outcomes.filter((reason) => reason === 'max-attempts')).toHaveLength(13);
      expect(outcomes.filter((reason) => reason === 'budget')).toHaveLength(2);
      expect(retryStatistics(other).get('payments')).toMatchObject({ budgetExhausted: 2 });
    } finally {
      other.dispose();
    }
  });

  it('rejects bad options with BALLAST_ERR_CONFIG', () => {
    const { redis } = budgetOn('a');
    expect(() => new ClusterRetryBudget(redis, { name: 'x', ratio: -1 })).toThrow(ConfigError);
    expect(() => new ClusterRetryBudget(redis, { name: 'x', syncIntervalMs: 20_000 })).toThrow(
      'ClusterRetryBudget: option "syncIntervalMs" must be an integer >= 10 <= 10000',
    );
  });
});
