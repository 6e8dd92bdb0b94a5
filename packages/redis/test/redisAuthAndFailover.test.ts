import { expect, it } from '@jest/globals';
import { flagsOf } from '@ballast/flags';
import { breakerRegistry } from '@ballast/resilience';
import {
  adminClient,
  converged,
  exercise,
  expectAnnouncedOnce,
  fallbacksOf,
  HEALTHY,
  hostileSetup,
  LOCAL,
} from './support/hostileService.js';
import { describeWithRedis, startRedisServer, until } from './support/redisTest.js';

const describeRedis = describeWithRedis('redisAuthAndFailover.test.ts');

describeRedis('Redis trouble: authentication and failover', () => {
  const env = hostileSetup([['CONFIG', 'SET', 'requirepass', '']]);
  /** Drops every client but the test's own, so they reconnect (and authenticate) again. */
  const killClients = async () => {
    await env.admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
    await env.admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub']);
  };

  it('a password set under a running client (NOAUTH on reconnect): every part answers at once from local state, announced once, coded, no password echoed; converges once the client may connect', async () => {
    const service = await env.start('a');
    expect(await exercise(service)).toEqual(HEALTHY);
    await env.admin.sendCommand(['CONFIG', 'SET', 'requirepass', 'noauth-s3cret-pw']);
    await killClients();
    await until(() => service.redis.statistics().lastConnectionError === 'NOAUTH');
    expect(await exercise(service)).toEqual(LOCAL);
    expect(await exercise(service)).toEqual(LOCAL);
    expect(fallbacksOf(service, 'rateLimit')).toBe(2);
    expect(service.said).toContainEqual(
      '{"component":"rateLimit","name":"sms","reason":"BALLAST_ERR_REDIS_UNAVAILABLE"}',
    );
    await env.admin.sendCommand(['CONFIG', 'SET', 'requirepass', '']);
    await converged(service);
    expect(await exercise(service)).toEqual(HEALTHY);
    expectAnnouncedOnce(service, ['cache', 'commands', 'flags', 'rateLimit']);
    expect(service.alerts.alerts.map((a) => a.code)).toContain('BALLAST_ERR_REDIS_UNAVAILABLE');
    expect(service.said.join('\n')).not.toContain('noauth-s3cret-pw');
  }, 20_000);

  it('a password changed under a running client (WRONGPASS on reconnect): served locally, neither password echoed; converges once the old password is accepted again', async () => {
    await env.admin.sendCommand(['CONFIG', 'SET', 'requirepass', 'old-s3cret-pw']);
    const url = env.server.url.replace('redis://', 'redis://:old-s3cret-pw@');
    const service = await env.start('a', url);
    expect(await exercise(service)).toEqual(HEALTHY);
    await env.admin.sendCommand(['CONFIG', 'SET', 'requirepass', 'new-s3cret-pw']);
    await killClients();
    await until(() => service.redis.statistics().lastConnectionError === 'WRONGPASS');
    expect(await exercise(service)).toEqual(LOCAL);
    expect(await exercise(service)).toEqual(LOCAL);
    // Rotation done the safe way: both passwords accepted for a while.
    await env.admin.sendCommand(['ACL', 'SETUSER', 'default', '>old-s3cret-pw']);
    await converged(service);
    expect(await exercise(service)).toEqual(HEALTHY);
    expectAnnouncedOnce(service, ['cache', 'commands', 'flags', 'rateLimit']);
    const said = service.said.join('\n');
    expect(said).not.toContain('old-s3cret-pw');
    expect(said).not.toContain('new-s3cret-pw');
  }, 20_000);

  it('an ACL user without the scripts it needs (NOPERM): writes fall back, coded BALLAST_ERR_REDIS_REFUSED, the breaker stays closed; granting the commands recovers without a restart', async () => {
    const seeder = await env.start('a'); // writes the flags and a's cache file
    await seeder.flags.put('checkout', { enabled: true }, { actor: 'test' });
    seeder.runtime.dispose();
    await env.admin.sendCommand(['ACL', 'SETUSER', 'app', 'on', '>app-s3cret-pw', '~*', '&*']);
    await env.admin.sendCommand(['ACL', 'SETUSER', 'app', '+@all', '-evalsha', '-eval']);
    const url = env.server.url.replace('redis://', 'redis://app:app-s3cret-pw@');
    const service = await env.start('a', url);
    expect(flagsOf(service.runtime).isEnabled('checkout')).toBe(true); // from the cache file
    const local = await exercise(service);
    expect(await exercise(service)).toEqual(local);
    expect(local).toEqual({ ...LOCAL, fleet: 1, lease: 'BALLAST_ERR_REDIS_UNAVAILABLE' });
    expect(service.redis.statistics().fallbacks.find((f) => f.component === 'rateLimit')).toEqual({
      component: 'rateLimit',
      name: 'sms',
      count: 2,
      active: true,
    });
    expect(service.said).toContainEqual(
      expect.stringContaining('"reason":"BALLAST_ERR_REDIS_REFUSED"'),
    );
    expect(breakerRegistry(service.runtime).state('redis')).toBe('CLOSED');
    await env.admin.sendCommand(['ACL', 'SETUSER', 'app', '+evalsha', '+eval']);
    await converged(service);
    expect(await exercise(service)).toEqual(HEALTHY);
    expectAnnouncedOnce(service, ['cache', 'commands', 'flags', 'rateLimit']);
    expect(service.said.join('\n')).not.toContain('app-s3cret-pw');
    await env.admin.sendCommand(['ACL', 'DELUSER', 'app']);
  }, 20_000);

  it('failover: the server turned into a replica (READONLY): writes fall back, reads (flags, fleet view, cached entries) still work; promoted again, every part converges without a restart', async () => {
    const other = await startRedisServer();
    const promoted = await adminClient(other.url);
    try {
      const service = await env.start('a');
      await service.flags.put('checkout', { enabled: true }, { actor: 'test' });
      expect(await exercise(service)).toEqual(HEALTHY);
      await until(async () => (await env.admin.keys(`${env.prefix}*:e:*`)).length === 1);
      // An instance that died: listing the fleet forgets it, a write the replica refuses.
      await env.admin.sAdd(`${env.prefix}fleet:members`, 'gone');
      for (const client of [env.admin, promoted])
        await client.sendCommand(['CONFIG', 'SET', 'repl-diskless-sync-delay', '0']);
      // The classic failover: the replica is promoted, the old primary follows it.
      await promoted.sendCommand(['REPLICAOF', '127.0.0.1', String(env.server.port)]);
      await until(async () =>
        String(await promoted.sendCommand(['INFO', 'replication'])).includes(
          'master_link_status:up',
        ),
      );
      await promoted.sendCommand(['REPLICAOF', 'NO', 'ONE']);
      await env.admin.sendCommand(['REPLICAOF', '127.0.0.1', String(other.port)]);
      await until(async () =>
        String(await env.admin.sendCommand(['INFO', 'replication'])).includes(
          'master_link_status:up',
        ),
      );
      const readOnly = await exercise(service);
      expect(await exercise(service)).toEqual(readOnly);
      expect(readOnly).toEqual({
        ...LOCAL,
        flags: true, // read from the replica
        fleet: 1,
        lease: 'BALLAST_ERR_REDIS_UNAVAILABLE',
      });
      expect(service.loads).toEqual(['p-1']); // cached entries are still read
      expect(flagsOf(service.runtime).isEnabled('checkout')).toBe(true);
      expect(service.said).toContainEqual(
        expect.stringContaining("Redis refused the command (READONLY You can't write"),
      );
      expect(breakerRegistry(service.runtime).state('redis')).toBe('CLOSED');
      await env.admin.sendCommand(['REPLICAOF', 'NO', 'ONE']);
      await converged(service);
      expect(await exercise(service)).toEqual(HEALTHY);
      expectAnnouncedOnce(service, ['commands', 'rateLimit']);
    } finally {
      await env.admin.sendCommand(['REPLICAOF', 'NO', 'ONE']);
      promoted.destroy();
      await other.stop();
    }
  }, 20_000);
});
