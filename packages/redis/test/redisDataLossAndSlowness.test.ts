import { expect, it } from '@jest/globals';
import { flagsOf } from '@ballast/flags';
import { breakerRegistry } from '@ballast/resilience';
import {
  converged,
  exercise,
  expectAnnouncedOnce,
  HEALTHY,
  hostileSetup,
  LOCAL,
} from './support/hostileService.js';
import { describeWithRedis, settlesAt, until } from './support/redisTest.js';

const describeRedis = describeWithRedis('redisDataLossAndSlowness.test.ts');

describeRedis('Redis trouble: data loss, a slow server, a full server', () => {
  const env = hostileSetup([['CONFIG', 'SET', 'maxclients', '10000']]);

  it('FLUSHALL mid-run: limits and budgets start afresh, flags are never wiped (the document is restored), commands reach the fleet under a new epoch, a lease is lost and the next token is still higher; no fallback', async () => {
    const a = await env.start('a');
    const b = await env.start('b');
    await a.flags.put('checkout', { enabled: true }, { actor: 'test' });
    await a.flags.put('search', { enabled: true }, { actor: 'test' });
    await until(() => flagsOf(b.runtime).isEnabled('search'));
    expect(await exercise(a)).toEqual({ ...HEALTHY, fleet: 2 });
    const held = await a.leases.lease('held', 1_000);
    await expect(
      a.leases.runOnce('migrate', { scope: 'global' }, () => undefined),
    ).resolves.toMatchObject({ ran: true });

    await env.admin.flushAll();
    // A change made before anyone noticed builds on the document the instance serves.
    await a.flags.put('search', { enabled: false }, { actor: 'test' });
    await until(() => !flagsOf(b.runtime).isEnabled('search'));
    for (const one of [a, b]) expect(flagsOf(one.runtime).isEnabled('checkout')).toBe(true);
    // Emptied again: the first instance that re-reads puts its document back for the next one.
    await env.admin.flushAll();
    expect(await b.flags.reload()).toBe(true);
    expect(b.warnings).toContainEqual(expect.stringContaining('restored revision 3'));
    const c = await env.start('c'); // no cache file: its flags come from Redis
    expect(flagsOf(c.runtime).isEnabled('checkout')).toBe(true);
    expect(flagsOf(c.runtime).isEnabled('search')).toBe(false);

    await expect(b.fleet.setEnabled('search', true)).resolves.toBeGreaterThan(0);
    await until(() => flagsOf(a.runtime).isEnabled('search')); // a adopted the new epoch
    await expect(held!.renew()).rejects.toMatchObject({ code: 'BALLAST_ERR_REDIS_LEASE_LOST' });
    expect(held!.signal.aborted).toBe(true);
    const again = await b.leases.lease('held', 1_000);
    expect(again!.token).toBeGreaterThan(held!.token);
    // Deliberate: the record of a global task was in the lost data, so it runs again.
    await expect(
      b.leases.runOnce('migrate', { scope: 'global' }, () => undefined),
    ).resolves.toMatchObject({ ran: true });
    // c beat after the flush; a and b are listed again at their next beat.
    expect(await exercise(a)).toEqual(HEALTHY);
    for (const one of [a, b, c]) expect(one.events).toEqual([]);
  });

  it('a slow Redis (CLIENT PAUSE WRITE, then ALL as DEBUG SLEEP does): each call answers at the timeout from local state, reads still work while writes hang, three timeouts open the breaker; resumed, it converges without a restart', async () => {
    const a = await env.start('a');
    expect(await exercise(a)).toEqual(HEALTHY);
    await env.admin.sendCommand(['CLIENT', 'PAUSE', '300', 'WRITE']);
    expect(await settlesAt(a.clock, a.limiter.acquire('slow'), 200)).toBeUndefined(); // local share
    await expect(a.fleet.instances()).resolves.toHaveLength(1); // reads are not paused
    await env.admin.ping(); // answered once the pause is over
    await env.admin.sendCommand(['CLIENT', 'PAUSE', '300', 'ALL']);
    expect(await settlesAt(a.clock, a.flags.reload(), 200)).toBe(false); // the last document serves
    expect(await settlesAt(a.clock, a.budget.sync(), 200)).toBe(false);
    expect(await settlesAt(a.clock, a.fleet.forceOpen('Search.query'), 200)).toBe(0);
    expect(breakerRegistry(a.runtime).state('redis')).toBe('OPEN');
    expect(await exercise(a)).toEqual(LOCAL); // at once, the clock standing still
    await env.admin.ping();
    await converged(a);
    expect(await exercise(a)).toEqual(HEALTHY);
    expectAnnouncedOnce(a, ['rateLimit', 'commands', 'flags', 'cache']);
    expect(a.alerts.alerts.map((alert) => alert.code)).toContain('BALLAST_ERR_REDIS_UNAVAILABLE');
  });

  it('the client killed by the server while maxclients is reached: answered at once from local state, announced once; room again, both instances reconnect and a command queued meanwhile reaches the other', async () => {
    const a = await env.start('a');
    const b = await env.start('b');
    await a.flags.put('checkout', { enabled: true }, { actor: 'test' });
    await until(() => flagsOf(b.runtime).isEnabled('checkout'));
    const connected = /connected_clients:(\d+)/.exec(await env.admin.info('clients'))![1]!;
    await env.admin.sendCommand(['CONFIG', 'SET', 'maxclients', '1']); // room for this test's client only
    await env.admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
    await env.admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub']);
    await until(() => a.redis.statistics().lastConnectionError === 'ERR');
    expect(await exercise(a)).toEqual(LOCAL);
    expect(await exercise(a)).toEqual(LOCAL);
    await expect(a.fleet.setEnabled('checkout', false)).resolves.toBe(0); // applied here, queued
    expect(flagsOf(a.runtime).isEnabled('checkout')).toBe(false);
    await env.admin.sendCommand(['CONFIG', 'SET', 'maxclients', connected]);
    await converged(a);
    await converged(b);
    await until(() => !flagsOf(b.runtime).isEnabled('checkout'));
    expect(await exercise(a)).toEqual({ ...HEALTHY, fleet: 2 });
    expectAnnouncedOnce(a, ['rateLimit', 'commands', 'flags', 'cache']);
  });
});
