import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { createRuntime, protect, type Runtime } from '@ballast/core';
import { type AdminServer, startAdminServer } from '@ballast/admin';
import {
  breakerRegistry,
  circuitBreaker,
  ConstantBackoff,
  rateLimit,
  rateLimitStatistics,
  retry,
} from '@ballast/resilience';
import { AlertDeduper, MemoryAlertSink } from '@ballast/safe-log';
import { ManualClock } from '@ballast/testing';
import { alertOnRedisFallback } from '../src/connection/alertOnRedisFallback.js';
import { connectRedis, type RedisConnection } from '../src/connection/RedisConnection.js';
import { FleetControl } from '../src/fleet/FleetControl.js';
import { clusterRateLimits } from '../src/rate-limit/clusterRateLimits.js';
import { clusterRetryBudgets } from '../src/retry-budget/clusterRetryBudgets.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  settlesAt,
  startRedisServer,
  until,
} from './support/redisTest.js';

const describeRedis = describeWithRedis('fleetOutage.test.ts');
const TOKEN = 'fleet-outage-test-token';

interface Instance {
  readonly runtime: Runtime;
  readonly redis: RedisConnection;
  readonly fleet: FleetControl;
  /** The service: rate-limited and retried on the fleet's backends, behind a breaker. */
  readonly send: () => Promise<string>;
}

describeRedis('Redis trouble never stops the service (wired aspects and admin)', () => {
  let server: RedisServer;
  const runtimes: Runtime[] = [];
  let admin: AdminServer | undefined;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());
  afterEach(async () => {
    await admin?.close();
    for (const runtime of runtimes.splice(0)) runtime.dispose();
  });

  async function instance(id: string, clock: ManualClock, prefix: string): Promise<Instance> {
    const runtime = createRuntime({ clock });
    runtimes.push(runtime);
    const redis = connectRedis({
      url: server.url,
      keyPrefix: prefix,
      instanceId: id,
      runtime,
      timeoutMs: 200,
    });
    const send = protect(
      async () => 'sent',
      [
        retry({
          name: 'sms',
          maxAttempts: 2,
          backoff: new ConstantBackoff(0),
          budget: { backend: clusterRetryBudgets(redis, { time: 'runtime' }) },
        }),
        circuitBreaker({ name: 'Sms.send' }),
        rateLimit({
          name: 'sms',
          rate: 10,
          backend: clusterRateLimits(redis, { batch: 1, time: 'runtime' }),
        }),
      ],
      { runtime, name: 'Sms.send' },
    );
    const fleet = new FleetControl(redis);
    await redis.waitUntilReady();
    await fleet.start();
    return { runtime, redis, fleet, send };
  }

  it('SIGSTOP then SIGKILL mid-run: calls and admin commands answer within the Redis timeout, fallbacks are counted and alerted; after the restart the instances converge without one', async () => {
    const clock = new ManualClock(Date.now());
    const prefix = freshPrefix();
    const a = await instance('a', clock, prefix);
    const b = await instance('b', clock, prefix);
    const sink = new MemoryAlertSink();
    const deduper = new AlertDeduper({ sink, runtime: a.runtime });
    alertOnRedisFallback(a.runtime, deduper);
    admin = await startAdminServer(a.runtime, {
      port: 0,
      token: TOKEN,
      fleet: a.fleet,
      alerts: sink,
      defaultMetrics: false,
    });
    const api = async (method: string, path: string): Promise<Record<string, unknown>> => {
      const response = await fetch(`${admin!.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const fallbackOf = (one: Instance, component: string) =>
      one.redis.statistics().fallbacks.find((f) => f.component === component);
    const breakerOf = (one: Instance): string => breakerRegistry(one.runtime).state('Sms.send');
    await expect(a.send()).resolves.toBe('sent');
    await expect(b.send()).resolves.toBe('sent'); // two instances share the limit

    // Hung: each call is answered when the Redis timeout expires, from the local share.
    server.pause();
    expect(await settlesAt(clock, a.send(), 200)).toBe('sent');
    const forced = api('POST', '/api/breakers/Sms.send/force-open');
    await until(() => breakerOf(a) === 'FORCED_OPEN'); // applied here at once
    await clock.advanceAsync(200);
    expect(await forced).toMatchObject({ state: 'FORCED_OPEN', fleetRevision: 0 });
    expect(breakerOf(b)).toBe('CLOSED'); // Redis cannot carry it yet
    const alerts = (await api('GET', '/api/alerts/recent')) as {
      alerts: { source: string; code: string }[];
    };
    expect(alerts.alerts).toContainEqual(
      expect.objectContaining({
        source: 'redis:rateLimit:sms',
        code: 'BALLAST_ERR_REDIS_UNAVAILABLE',
      }),
    );

    // Killed: refused connections fail at once. The manual clock stands still from here to the
    // restart, so no call below can have waited for a timeout.
    await server.kill();
    await until(() => !a.redis.ready && !b.redis.ready);
    const calls = Array.from({ length: 4 }, () => b.send());
    expect(await Promise.all(calls)).toEqual(['sent', 'sent', 'sent', 'sent']);
    // b's local share while two instances were known: 10/s / 2, burst 5 (1 taken from Redis).
    expect(rateLimitStatistics(b.runtime).get('sms')).toMatchObject({ permitted: 5 });
    expect(fallbackOf(b, 'rateLimit')).toMatchObject({ name: 'sms', count: 4, active: true });
    expect(await a.fleet.forceOpen('Sms.send')).toBe(0); // again: queued behind the first

    // Back, empty: once the breaker in front of Redis half-opens (5 s) and the next resync check
    // runs (every 5 s), every instance holds the fleet's state again and a's commands are back on
    // Redis (a clock step can time out the read that follows the flush; the next check retries).
    await server.start();
    await until(() => a.redis.ready && b.redis.ready);
    await until(async () => {
      await clock.advanceAsync(1_000);
      return (
        breakerOf(b) === 'FORCED_OPEN' &&
        a.fleet.bus.statistics().pending === 0 &&
        fallbackOf(a, 'commands')?.active === false
      );
    });
    await expect(a.send()).rejects.toMatchObject({ code: 'BALLAST_ERR_CIRCUIT_OPEN' });
    const late = await instance('late', clock, prefix); // the state was stored again
    expect(breakerOf(late)).toBe('FORCED_OPEN');
    // Heartbeats (every 2 s) list all three again. A clock step can time out a Redis call in
    // flight (the timeout runs on the manual clock), so a failed listing is simply asked again.
    await until(async () => {
      await clock.advanceAsync(1_000);
      const { instances } = (await api('GET', '/api/fleet')) as { instances?: unknown[] };
      return instances?.length === 3;
    });
    // The limit is back on Redis: b's next lease reaches it and its fallback ends. Until then
    // (clock steps may have timed out b's heartbeats and opened its breaker in front of Redis
    // again) b's local share may refuse a call, as it should.
    breakerRegistry(b.runtime).close('Sms.send');
    await until(async () => {
      await clock.advanceAsync(100);
      await b.send().catch((error: unknown) => {
        expect(error).toMatchObject({ cause: { code: 'BALLAST_ERR_RATE_LIMITED' } });
      });
      return !fallbackOf(b, 'rateLimit')!.active;
    }, 20_000);
    // a's alerting path saw its parts fall back and come back.
    expect(sink.alerts.map((alert) => alert.message)).toEqual(
      expect.arrayContaining([
        'Redis unavailable (BALLAST_ERR_TIMEOUT): rateLimit "sms" serves from local state',
        'Redis unavailable (BALLAST_ERR_TIMEOUT): commands "default" serves from local state',
        expect.stringMatching(/^Redis reachable again: commands "default" is back on it/),
      ]),
    );
  }, 30_000); // clients reconnect backing off up to 2 s
});
