import { expect, it } from '@jest/globals';
import { flagsOf } from '@ballast/flags';
import { breakerRegistry } from '@ballast/resilience';
import { tokenBucketScript } from '../src/rate-limit/tokenBucketScript.js';
import {
  converged,
  exercise,
  expectAnnouncedOnce,
  HEALTHY,
  hostileSetup,
} from './support/hostileService.js';
import { describeWithRedis, until } from './support/redisTest.js';

const describeRedis = describeWithRedis('redisMemoryAndScripts.test.ts');

describeRedis('Redis trouble: memory and the script cache', () => {
  const env = hostileSetup([['CONFIG', 'SET', 'maxmemory', '0']]);
  /** A service with a flag and a cached entry in Redis. */
  const start = async () => {
    const service = await env.start('a');
    await service.flags.put('checkout', { enabled: true }, { actor: 'test' });
    expect(await exercise(service)).toEqual(HEALTHY);
    await until(async () => (await env.admin.keys(`${env.prefix}*:e:*`)).length === 1); // p-1
    return service;
  };

  it('maxmemory reached with noeviction (OOM): writes fall back once per part, coded; reads (flags, fleet view, cached entries) still work; memory freed, every part converges without a restart', async () => {
    const service = await start();
    await env.admin.sendCommand(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
    await env.admin.sendCommand(['CONFIG', 'SET', 'maxmemory', '1']);
    const full = {
      rateLimit: 'admitted', // the local share
      retryBudget: false,
      commands: 'queued',
      flags: true,
      fleet: 1,
      cache: 'p-1: 1200',
      lease: 'BALLAST_ERR_REDIS_UNAVAILABLE',
    };
    expect(await exercise(service)).toEqual(full);
    expect(await exercise(service)).toEqual(full);
    expect(service.loads).toEqual(['p-1']); // served from Redis
    expect(flagsOf(service.runtime).isEnabled('checkout')).toBe(true);
    await expect(
      service.flags.put('checkout', { enabled: false }, { actor: 'test' }),
    ).rejects.toMatchObject({
      code: 'BALLAST_ERR_REDIS_UNAVAILABLE',
      message: expect.stringContaining('Redis refused the command (OOM command not allowed'),
    });
    expect(service.said).toContainEqual(
      '{"component":"rateLimit","name":"sms","reason":"BALLAST_ERR_REDIS_REFUSED"}',
    );
    expect(breakerRegistry(service.runtime).state('redis')).toBe('CLOSED');

    await env.admin.sendCommand(['CONFIG', 'SET', 'maxmemory', '0']);
    await converged(service);
    expect(await exercise(service)).toEqual(HEALTHY);
    expectAnnouncedOnce(service, ['commands', 'rateLimit']);
  });

  it('the script cache flushed mid-run (SCRIPT FLUSH, NOSCRIPT): every Lua part loads its script again and nothing falls back', async () => {
    const service = await start();
    const lease = await service.leases.lease('held', 1_000);
    const scriptLoaded = async () =>
      ((await env.admin.sendCommand(['SCRIPT', 'EXISTS', tokenBucketScript.sha])) as number[])[0];
    expect(await scriptLoaded()).toBe(1);
    await env.admin.sendCommand(['SCRIPT', 'FLUSH']);
    expect(await scriptLoaded()).toBe(0);
    expect(await exercise(service)).toEqual(HEALTHY);
    await expect(lease!.guardedWrite('report', 'done')).resolves.toBeUndefined();
    await service.flags.put('checkout', { enabled: false }, { actor: 'test' });
    await env.admin.sendCommand(['SCRIPT', 'FLUSH']);
    await expect(lease!.renew()).resolves.toBeUndefined();
    await expect(lease!.release()).resolves.toBe(true);
    expect(await exercise(service)).toEqual(HEALTHY);
    expect(await scriptLoaded()).toBe(1);
    expect(flagsOf(service.runtime).isEnabled('checkout')).toBe(false);
    expect(service.redis.statistics().fallbacks.every((f) => f.count === 0)).toBe(true);
    expect(service.events).toEqual([]);
  });
});
