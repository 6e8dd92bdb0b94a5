import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { ConfigError, createRuntime, type Runtime } from '@ballast/core';
import { FlagVersionConflictError, flagsOf } from '@ballast/flags';
import { ManualClock } from '@ballast/testing';
import { connectRedis, type RedisConnection } from '../src/connection/RedisConnection.js';
import { RedisFlagSource } from '../src/flags/RedisFlagSource.js';
import type { RedisFlagSourceOptions } from '../src/flags/RedisFlagSourceOptions.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  settlesAt,
  startRedisServer,
  until,
} from './support/redisTest.js';

const describeRedis = describeWithRedis('redisFlagSource.test.ts');
const quiet = { warn: () => undefined, info: () => undefined };

describeRedis('RedisFlagSource', () => {
  let server: RedisServer;
  let prefix: string;
  let dir: string;
  const runtimes: Runtime[] = [];

  /**
   * One instance: its own runtime, connection, flag store and cache file. Waits for Redis unless
   * Redis is meant to be away (`connected: false`).
   */
  async function instance(
    id: string,
    options: { clock?: ManualClock; resyncIntervalMs?: number; connected?: boolean } = {},
  ): Promise<{ runtime: Runtime; redis: RedisConnection; source: RedisFlagSource }> {
    const { clock, resyncIntervalMs } = options;
    const runtime = createRuntime(clock === undefined ? {} : { clock });
    runtimes.push(runtime);
    const redis = connectRedis({
      url: server.url,
      keyPrefix: prefix,
      instanceId: id,
      runtime,
      timeoutMs: 200,
    });
    const source = new RedisFlagSource(flagsOf(runtime), redis, {
      cacheFile: join(dir, id, 'flags.json'),
      logger: quiet,
      ...(resyncIntervalMs === undefined ? {} : { resyncIntervalMs }),
    });
    if (options.connected !== false) await redis.waitUntilReady();
    return { runtime, redis, source };
  }

  beforeAll(async () => {
    server = await startRedisServer({ persistence: 'aof' });
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    prefix = freshPrefix();
    dir = mkdtempSync(join(tmpdir(), 'ballast-flags-'));
  });
  afterEach(() => {
    for (const runtime of runtimes.splice(0)) runtime.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes a change made on one instance to every instance, evaluated locally and synchronously', async () => {
    const a = await instance('a');
    const b = await instance('b');
    expect(await a.source.start()).toBe(true);
    expect(await b.source.start()).toBe(true);
    expect(
      await a.source.put('new-checkout', { enabled: true, rules: [] }, { actor: 'alice' }),
    ).toBe(1);
    await until(() => flagsOf(b.runtime).isEnabled('new-checkout'));
    await b.source.put(
      'new-checkout',
      { enabled: false },
      { actor: 'bob', comment: 'incident', expectedVersion: 1 },
    );
    await until(() => !flagsOf(a.runtime).isEnabled('new-checkout', undefined, true));
    expect(a.source.get('new-checkout')).toEqual({ definition: { enabled: false }, version: 2 });
    await expect(
      a.source.put('new-checkout', { enabled: true }, { actor: 'alice', expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(FlagVersionConflictError);
    expect(await a.source.history('new-checkout')).toMatchObject([
      { version: 2, changedBy: 'bob', comment: 'incident', previous: { enabled: true, rules: [] } },
      { version: 1, changedBy: 'alice', previous: null },
    ]);
  });

  it('picks up a change whose message it missed by comparing revisions now and then', async () => {
    const clock = new ManualClock(Date.now());
    const a = await instance('a', { clock });
    let readies = 0;
    a.redis.onReady(() => readies++);
    await a.source.start();
    await until(() => readies === 1); // the pub/sub connection is up and its re-read was sent
    // A change written without its message (as if it came while this instance could not read).
    await a.redis.call(async (client) => {
      await client.hSet(
        a.redis.key('flags:{default}:definitions'),
        'dark-mode',
        '{"enabled":true}',
      );
      await client.incr(a.redis.key('flags:{default}:rev'));
    });
    expect(flagsOf(a.runtime).isEnabled('dark-mode')).toBe(false);
    await clock.advanceAsync(5_000);
    await until(() => flagsOf(a.runtime).isEnabled('dark-mode'));
  });

  it('refuses an invalid definition before writing it', async () => {
    const a = await instance('a');
    await a.source.start();
    await expect(a.source.put('x', { enabled: 'yes' }, { actor: 'alice' })).rejects.toMatchObject({
      code: 'BALLAST_ERR_FLAG_DEFINITION',
    });
    expect(await a.source.history()).toEqual([]);
  });

  it('rejects a missing cache file, a bad option or an unknown one with BALLAST_ERR_CONFIG before touching Redis', async () => {
    const { runtime, redis } = await instance('x');
    const store = flagsOf(runtime);
    const make = (options: unknown) => () =>
      new RedisFlagSource(store, redis, options as RedisFlagSourceOptions);
    expect(make({})).toThrow(
      'RedisFlagSource: option "cacheFile" must be a file path (it is required) (got undefined).',
    );
    expect(make({ cacheFile: '' })).toThrow(ConfigError);
    expect(make({ cacheFile: join(dir, 'f.json'), resyncIntervalMs: 0 })).toThrow(
      'RedisFlagSource: option "resyncIntervalMs" must be an integer >= 10 <= 3600000 (got 0).',
    );
    expect(make({ cacheFile: join(dir, 'f.json'), logger: { warn: () => undefined } })).toThrow(
      'option "logger" must be a logger with warn(message) and info(message)',
    );
    expect(make({ cachefile: join(dir, 'f.json') })).toThrow(
      'RedisFlagSource: unknown option "cachefile". Allowed: name, cacheFile, logger, resyncIntervalMs.',
    );
  });

  it('Redis hung: a read waits no longer than the timeout; an instance restarting meanwhile serves the last document from disk', async () => {
    const clock = new ManualClock(Date.now());
    const a = await instance('a', { clock });
    await a.source.start();
    await a.source.put('search-v2', { enabled: true }, { actor: 'alice' });
    server.pause();
    try {
      expect(await settlesAt(clock, a.source.reload(), 200)).toBe(false);
      expect(flagsOf(a.runtime).isEnabled('search-v2')).toBe(true); // still the last document
      // Same cache file; its connection never gets past the handshake, so reads fail at once.
      const restarted = await instance('a', {
        clock: new ManualClock(Date.now()),
        connected: false,
      });
      const events: string[] = [];
      restarted.runtime.events.on('redis.fallback', ({ component }) => events.push(component));
      expect(await restarted.source.start()).toBe(true);
      expect(flagsOf(restarted.runtime).isEnabled('search-v2')).toBe(true);
      expect(events).toEqual(['flags']);
    } finally {
      server.resume();
    }
  });

  it('Redis hung, killed and restarted: instances converge on the next change without a restart', async () => {
    const a = await instance('a', { resyncIntervalMs: 500 });
    await a.source.start();
    await a.source.put('search-v2', { enabled: true }, { actor: 'alice' });
    server.pause();
    const restarted = await instance('r', { resyncIntervalMs: 500, connected: false }); // during the outage
    expect(await restarted.source.start()).toBe(false); // nothing cached under its own file yet
    await server.kill();
    await server.start(); // the append-only file kept the document
    await until(() => flagsOf(restarted.runtime).isEnabled('search-v2'));
    const b = await instance('b');
    await b.source.start();
    await b.source.put('search-v2', { enabled: false }, { actor: 'bob' });
    await until(() =>
      [a, restarted].every(
        (member) => !flagsOf(member.runtime).isEnabled('search-v2', undefined, true),
      ),
    );
  }, 30_000); // clients reconnect backing off up to 2 s, the breaker in front of Redis reopens up to 5 s
});
