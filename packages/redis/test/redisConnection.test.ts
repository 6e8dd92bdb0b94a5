import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, createRuntime, type Runtime } from '@ballast/core';
import { breakerRegistry } from '@ballast/resilience';
import { ManualClock } from '@ballast/testing';
import { connectRedis } from '../src/connection/RedisConnection.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  settlesAt,
  startRedisServer,
  until,
} from './support/redisTest.js';

describe('connectRedis options', () => {
  it('rejects a URL that is not redis:// without echoing it (it may hold a password)', () => {
    const call = (): unknown => connectRedis({ url: 'http://admin:s3cret-pass@cache:6379' });
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(
      'connectRedis: option "url" must be a redis:// or rediss:// URL (got 35 characters).',
    );
    expect(call).not.toThrow(/s3cret/);
  });

  it('rejects unknown options and bad instance ids with BALLAST_ERR_CONFIG', () => {
    const url = 'redis://127.0.0.1:1';
    expect(() => connectRedis({ url, timeout: 5 } as never)).toThrow('unknown option "timeout"');
    expect(() => connectRedis({ url, instanceId: 'a b' })).toThrow(
      'option "instanceId" must be a string matching',
    );
    expect(() => connectRedis({ url, timeoutMs: 0 })).toThrow(ConfigError);
  });
});

const describeRedis = describeWithRedis('redisConnection.test.ts');

describeRedis('RedisConnection', () => {
  let server: RedisServer;
  let clock: ManualClock;
  let runtime: Runtime;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    clock = new ManualClock(Date.now());
    runtime = createRuntime({ clock });
  });
  afterEach(() => runtime.dispose());

  it('times out a call to a hung server and opens its breaker after three failures in a row', async () => {
    const redis = connectRedis({
      url: server.url,
      keyPrefix: freshPrefix(),
      runtime,
      timeoutMs: 100,
    });
    await redis.waitUntilReady();
    expect(await redis.call((client) => client.ping())).toBe('PONG');
    server.pause();
    try {
      for (let i = 0; i < 3; i++) {
        const outcome = redis.call((client) => client.ping()).catch((error: unknown) => error);
        expect(await settlesAt(clock, outcome, 100)).toMatchObject({ code: 'BALLAST_ERR_TIMEOUT' });
      }
      expect(breakerRegistry(runtime).state('redis')).toBe('OPEN');
      await expect(redis.call((client) => client.ping())).rejects.toMatchObject({
        code: 'BALLAST_ERR_CIRCUIT_OPEN',
      });
      expect(redis.statistics()).toMatchObject({ ready: true, breaker: 'OPEN' });
    } finally {
      server.resume();
    }
  });

  it('regression: a subscription still pending when Redis hung and died is made again after the restart', async () => {
    const realRuntime = createRuntime();
    try {
      const redis = connectRedis({ url: server.url, keyPrefix: 'sub:', runtime: realRuntime });
      await redis.waitUntilReady();
      server.pause();
      const messages: string[] = [];
      void redis.subscribe('news', (message) => messages.push(message)); // SUBSCRIBE hangs
      let readies = 0;
      redis.onReady(() => readies++);
      await server.kill();
      await server.start();
      await until(() => readies >= 2); // both connections are back, the subscription confirmed
      const publisher = connectRedis({ url: server.url, runtime: realRuntime, name: 'publisher' });
      await publisher.waitUntilReady();
      await publisher.call((client) => client.publish('sub:news', 'hello'));
      await until(() => messages.length === 1);
      expect(messages).toEqual(['hello']);
    } finally {
      realRuntime.dispose();
    }
  }, 30_000);

  it('is closed by runtime.dispose(); later calls fail instead of waiting', async () => {
    const redis = connectRedis({ url: server.url, runtime });
    await redis.waitUntilReady();
    runtime.dispose();
    expect(redis.ready).toBe(false);
    await expect(redis.call((client) => client.ping())).rejects.toBeDefined();
  });
});
