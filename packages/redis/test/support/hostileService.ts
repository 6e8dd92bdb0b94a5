import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals';
import { createRuntime, protect, type Runtime } from '@ballast/core';
import { flagsOf } from '@ballast/flags';
import { cache } from '@ballast/resilience';
import { AlertDeduper, MemoryAlertSink } from '@ballast/safe-log';
import { ManualClock } from '@ballast/testing';
import { freshPrefix, type RedisServer, startRedisServer, until } from './redisTest.js';
import { alertOnRedisFallback } from '../../src/connection/alertOnRedisFallback.js';
import { redisCacheStores } from '../../src/cache/RedisCacheStore.js';
import { connectRedis, type RedisConnection } from '../../src/connection/RedisConnection.js';
import { RedisFlagSource } from '../../src/flags/RedisFlagSource.js';
import { FleetControl } from '../../src/fleet/FleetControl.js';
import { RedisLeases } from '../../src/lease/RedisLeases.js';
import { ClusterRateLimiter } from '../../src/rate-limit/ClusterRateLimiter.js';
import { ClusterRetryBudget } from '../../src/retry-budget/ClusterRetryBudget.js';

/** Every part of `@ballast/redis` on one connection, as a service wires them. */
export interface HostileService {
  readonly runtime: Runtime;
  readonly clock: ManualClock;
  readonly redis: RedisConnection;
  readonly limiter: ClusterRateLimiter;
  readonly budget: ClusterRetryBudget;
  readonly fleet: FleetControl;
  readonly flags: RedisFlagSource;
  readonly leases: RedisLeases;
  /** A method behind `@Cache` on the Redis store; `loads` counts its real calls. */
  readonly price: (sku: string) => Promise<string>;
  readonly loads: string[];
  /** `redis.fallback` / `redis.recovered` events, as `fallback:<component>` / `recovered:<component>`. */
  readonly events: string[];
  /** Alerts raised from the fallback events. */
  readonly alerts: MemoryAlertSink;
  /** Everything the service said about Redis: events, messages of errors, statistics. */
  readonly said: string[];
  readonly warnings: string[];
}

/**
 * Starts a service instance on `url` with every part, a ManualClock and timeout `timeoutMs`;
 * waits until Redis is ready and the parts have read their state.
 */
async function startService(options: {
  url: string;
  id: string;
  prefix: string;
  dir: string;
  timeoutMs?: number;
}): Promise<HostileService> {
  const clock = new ManualClock(Date.now());
  const runtime = createRuntime({ clock });
  const events: string[] = [];
  const said: string[] = [];
  const warnings: string[] = [];
  runtime.events.on('redis.fallback', (event) => {
    events.push(`fallback:${event.component}`);
    said.push(JSON.stringify(event));
  });
  runtime.events.on('redis.recovered', (event) => {
    events.push(`recovered:${event.component}`);
    said.push(JSON.stringify(event));
  });
  const alerts = new MemoryAlertSink();
  alertOnRedisFallback(runtime, new AlertDeduper({ sink: alerts, runtime }));
  const redis = connectRedis({
    url: options.url,
    keyPrefix: options.prefix,
    instanceId: options.id,
    runtime,
    timeoutMs: options.timeoutMs ?? 200,
  });
  const limiter = new ClusterRateLimiter(redis, {
    name: 'sms',
    rate: 1_000,
    batch: 1,
    time: 'runtime',
  });
  const budget = new ClusterRetryBudget(redis, { name: 'sms', time: 'runtime' });
  const fleet = new FleetControl(redis, { heartbeat: { intervalMs: 60_000 } });
  const logger = {
    warn: (message: string) => warnings.push(message),
    info: (message: string) => warnings.push(message),
  };
  const flags = new RedisFlagSource(flagsOf(runtime), redis, {
    cacheFile: join(options.dir, options.id, 'flags.json'),
    logger,
  });
  const loads: string[] = [];
  const price = protect(
    async (sku: string) => {
      loads.push(sku);
      return `${sku}: 1200`;
    },
    [cache({ store: redisCacheStores(redis), ttlMs: 600_000 })],
    { runtime, name: 'Catalogue.price' },
  );
  await redis.waitUntilReady();
  await fleet.start();
  await flags.start();
  const service = {
    runtime,
    clock,
    redis,
    limiter,
    budget,
    fleet,
    flags,
    leases: new RedisLeases(redis),
    price,
    loads,
    events,
    alerts,
    said,
    warnings,
  };
  return service;
}

/** The fallback count of one component, from the connection's statistics. */
export function fallbacksOf(service: HostileService, component: string): number {
  return service.redis
    .statistics()
    .fallbacks.filter((f) => f.component === component)
    .reduce((sum, f) => sum + f.count, 0);
}

/** What each part answers right now (never waits past the timeout: the caller advances no clock). */
export async function exercise(service: HostileService): Promise<Record<string, unknown>> {
  const settle = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      (value) => value,
      (error: unknown) => {
        service.said.push((error as Error).message);
        return (error as { code?: string }).code ?? String(error);
      },
    );
  const admitted = await service.limiter.acquire('k');
  const synced = await service.budget.sync();
  const revision = await settle(service.fleet.forceOpen('Payments.quote'));
  const reloaded = await service.flags.reload();
  const instances = await settle(service.fleet.instances().then((list) => list.length));
  const price = await settle(service.price('p-1'));
  const lease = await settle(
    service.leases.lease('job', 1_000).then(async (lease) => {
      await lease?.release();
      return lease === undefined ? 'held elsewhere' : 'granted';
    }),
  );
  service.said.push(
    JSON.stringify(service.redis.statistics()),
    JSON.stringify(service.alerts.alerts),
  );
  service.said.push(...service.warnings);
  return {
    rateLimit: admitted === undefined ? 'admitted' : 'refused',
    retryBudget: synced,
    commands: revision === 0 ? 'queued' : typeof revision,
    flags: reloaded,
    fleet: instances,
    cache: price,
    lease,
  };
}

/** A plain client for the test's own commands to a server (CONFIG, ACL, CLIENT …). */
export async function adminClient(url: string) {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * Redis is usable again: waits (real time) until the connection is up, its breaker closed, the
 * commands queued meanwhile sent and the flags re-read (the parts that resync by themselves;
 * the others recover on their next call), moving the clock 100 ms per poll so the breaker
 * half-opens and the resyncs (every 5 s) run. Small steps leave a probe's real reply time to
 * arrive before its timeout on the clock passes.
 */
export async function converged(service: HostileService, withinMs = 10_000): Promise<void> {
  await until(() => service.redis.ready, withinMs);
  await until(async () => {
    await service.clock.advanceAsync(100);
    const { breaker, fallbacks } = service.redis.statistics();
    return (
      breaker === 'CLOSED' &&
      service.fleet.bus.statistics().pending === 0 &&
      fallbacks.every((f) => !f.active || (f.component !== 'flags' && f.component !== 'commands'))
    );
  }, withinMs);
}

/** What every part answers while Redis works. */
export const HEALTHY = {
  rateLimit: 'admitted',
  retryBudget: true,
  commands: 'number',
  flags: true,
  fleet: 1,
  cache: 'p-1: 1200',
  lease: 'granted',
};

/** What every part answers from local state while it cannot reach Redis at all. */
export const LOCAL = {
  rateLimit: 'admitted', // the local share
  retryBudget: false,
  commands: 'queued',
  flags: false,
  fleet: 'BALLAST_ERR_REDIS_UNAVAILABLE',
  cache: 'p-1: 1200', // loaded as on a miss
  lease: 'BALLAST_ERR_REDIS_UNAVAILABLE',
};

/** Each of `components` announced its fallback once and its recovery once, however many calls. */
export function expectAnnouncedOnce(service: HostileService, components: readonly string[]): void {
  for (const component of components) {
    expect(service.events.filter((e) => e.endsWith(`:${component}`))).toEqual([
      `fallback:${component}`,
      `recovered:${component}`,
    ]);
  }
}

/** One test file's Redis: the server, the test's own client, a fresh key prefix per test. */
export interface HostileSetup {
  readonly server: RedisServer;
  readonly admin: AdminClient;
  readonly prefix: string;
  /** Starts a service instance on this test's prefix (on `url`, default the server's). */
  start(id: string, url?: string): Promise<HostileService>;
}

/** The client {@link adminClient} returns. */
export type AdminClient = Awaited<ReturnType<typeof adminClient>>;

/**
 * Registers the hooks of a test file: a real redis-server and an admin client for the file, a
 * temporary directory and key prefix per test; after each test its services are disposed and
 * `reset` commands undo what the test changed on the server.
 */
export function hostileSetup(reset: readonly string[][]): HostileSetup {
  let server: RedisServer;
  let admin: AdminClient;
  let dir: string;
  let prefix: string;
  const services: HostileService[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
    admin = await adminClient(server.url);
  });
  afterAll(async () => {
    admin.destroy();
    await server.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ballast-hostile-'));
    prefix = freshPrefix();
  });
  afterEach(async () => {
    for (const service of services.splice(0)) service.runtime.dispose();
    for (const command of reset) await admin.sendCommand([...command]);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get server() {
      return server;
    },
    get admin() {
      return admin;
    },
    get prefix() {
      return prefix;
    },
    async start(id, url = server.url) {
      const service = await startService({ url, id, prefix, dir });
      services.push(service);
      return service;
    },
  };
}
