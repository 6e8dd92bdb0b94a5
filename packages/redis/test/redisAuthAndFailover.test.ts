import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { flagsOf } from '@ballast/flags';
import { breakerRegistry } from '@ballast/resilience';
import {
  adminClient,
  converged,
  exercise,
  fallbacksOf,
  type HostileService,
  startService,
  tempDir,
} from './support/hostileService.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  startRedisServer,
  until,
} from './support/redisTest.js';

const describeRedis = describeWithRedis('redisAuthAndFailover.test.ts');
const HEALTHY = {
  rateLimit: 'admitted',
  retryBudget: true,
  commands: 'number',
  flags: true,
  fleet: 1,
  cache: 'p-1: 1200',
  lease: 'granted',
};
/** What a service answers from local state while it cannot use Redis at all. */
const LOCAL = {
  rateLimit: 'admitted',
  retryBudget: false,
  commands: 'queued',
  flags: false,
  fleet: 'BALLAST_ERR_REDIS_UNAVAILABLE',
  cache: 'p-1: 1200',
  lease: 'BALLAST_ERR_REDIS_UNAVAILABLE',
};
const COMPONENTS = ['cache', 'commands', 'flags', 'rateLimit'];

describeRedis('Redis trouble: authentication and failover', () => {
  let server: RedisServer;
  let admin: Awaited<ReturnType<typeof adminClient>>;
  let dir: ReturnType<typeof tempDir>;
  const services: HostileService[] = [];
  const start = async (id: string, url = server.url, prefix = freshPrefix()) => {
    const service = await startService({ url, id, prefix, dir: dir.dir });
    services.push(service);
    return service;
  };
  /** Drops every client but the test's own, so they reconnect (and authenticate) again. */
  const killClients = async () => {
    await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
    await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub']);
  };
  /** Each part that lost Redis announced it once and its recovery once, however many calls. */
  const announcedOnce = (service: HostileService) => {
    for (const component of COMPONENTS) {
      expect(service.events.filter((e) => e.endsWith(`:${component}`))).toEqual([
        `fallback:${component}`,
        `recovered:${component}`,
      ]);
    }
  };

  beforeAll(async () => {
    server = await startRedisServer();
    admin = await adminClient(server.url);
  });
  afterAll(async () => {
    admin.destroy();
    await server.stop();
  });
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    for (const service of services.splice(0)) service.runtime.dispose();
    await admin.sendCommand(['CONFIG', 'SET', 'requirepass', '']);
    dir.cleanup();
  });

  it('a password set under a running client (NOAUTH on reconnect): every part answers at once from local state, announced once, coded, no password echoed; converges once the client may connect', async () => {
    const service = await start('a');
    expect(await exercise(service)).toEqual(HEALTHY);
    await admin.sendCommand(['CONFIG', 'SET', 'requirepass', 'noauth-s3cret-pw']);
    await killClients();
    await until(() => service.redis.statistics().lastConnectionError === 'NOAUTH');
    expect(await exercise(service)).toEqual(LOCAL);
    expect(await exercise(service)).toEqual(LOCAL);
    expect(fallbacksOf(service, 'rateLimit')).toBe(2);
    expect(service.said).toContainEqual(
      '{"component":"rateLimit","name":"sms","reason":"BALLAST_ERR_REDIS_UNAVAILABLE"}',
    );
    await admin.sendCommand(['CONFIG', 'SET', 'requirepass', '']);
    await converged(service);
    expect(await exercise(service)).toEqual(HEALTHY);
    announcedOnce(service);
    expect(service.alerts.alerts.map((a) => a.code)).toContain('BALLAST_ERR_REDIS_UNAVAILABLE');
    expect(service.said.join('\n')).not.toContain('noauth-s3cret-pw');
  }, 20_000);

  it('a password changed under a running client (WRONGPASS on reconnect): served locally, neither password echoed; converges once the old password is accepted again', async () => {
    await admin.sendCommand(['CONFIG', 'SET', 'requirepass', 'old-s3cret-pw']);
    const url = server.url.replace('redis://', 'redis://:old-s3cret-pw@');
    const service = await start('a', url);
    expect(await exercise(service)).toEqual(HEALTHY);
    await admin.sendCommand(['CONFIG', 'SET', 'requirepass', 'new-s3cret-pw']);
    await killClients();
    await until(() => service.redis.statistics().lastConnectionError === 'WRONGPASS');
    expect(await exercise(service)).toEqual(LOCAL);
    expect(await exercise(service)).toEqual(LOCAL);
    // Rotation done the safe way: both passwords accepted for a while.
    await admin.sendCommand(['ACL', 'SETUSER', 'default', '>old-s3cret-pw']);
    await converged(service);
    expect(await exercise(service)).toEqual(HEALTHY);
    announcedOnce(service);
    const said = service.said.join('\n');
    expect(said).not.toContain('old-s3cret-pw');
    expect(said).not.toContain('new-s3cret-pw');
  }, 20_000);

  it('an ACL user without the scripts it needs (NOPERM): writes fall back, coded BALLAST_ERR_REDIS_REFUSED, the breaker stays closed; granting the commands recovers without a restart', async () => {
    const prefix = freshPrefix();
    const seeder = await start('a', server.url, prefix); // writes the flags and a's cache file
    await seeder.flags.put('checkout', { enabled: true }, { actor: 'test' });
    seeder.runtime.dispose();
    await admin.sendCommand(['ACL', 'SETUSER', 'app', 'on', '>app-s3cret-pw', '~*', '&*']);
    await admin.sendCommand(['ACL', 'SETUSER', 'app', '+@all', '-evalsha', '-eval']);
    const url = server.url.replace('redis://', 'redis://app:app-s3cret-pw@');
    const service = await start('a', url, prefix);
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
    await admin.sendCommand(['ACL', 'SETUSER', 'app', '+evalsha', '+eval']);
    await converged(service);
    expect(await exercise(service)).toEqual(HEALTHY);
    announcedOnce(service);
    expect(service.said.join('\n')).not.toContain('app-s3cret-pw');
    await admin.sendCommand(['ACL', 'DELUSER', 'app']);
  }, 20_000);

  it('failover: the server turned into a replica (READONLY): writes fall back, reads (flags, fleet view, cached entries) still work; promoted again, every part converges without a restart', async () => {
    const other = await startRedisServer();
    const promoted = await adminClient(other.url);
    try {
      const prefix = freshPrefix();
      const service = await start('a', server.url, prefix);
      await service.flags.put('checkout', { enabled: true }, { actor: 'test' });
      expect(await exercise(service)).toEqual(HEALTHY);
      await until(async () => (await admin.keys(`${prefix}*:e:*`)).length === 1);
      // An instance that died: listing the fleet forgets it, a write the replica refuses.
      await admin.sAdd(`${prefix}fleet:members`, 'gone');
      for (const client of [admin, promoted])
        await client.sendCommand(['CONFIG', 'SET', 'repl-diskless-sync-delay', '0']);
      // The classic failover: the replica is promoted, the old primary follows it.
      await promoted.sendCommand(['REPLICAOF', '127.0.0.1', String(server.port)]);
      await until(async () =>
        String(await promoted.sendCommand(['INFO', 'replication'])).includes(
          'master_link_status:up',
        ),
      );
      await promoted.sendCommand(['REPLICAOF', 'NO', 'ONE']);
      await admin.sendCommand(['REPLICAOF', '127.0.0.1', String(other.port)]);
      await until(async () =>
        String(await admin.sendCommand(['INFO', 'replication'])).includes('master_link_status:up'),
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
      await admin.sendCommand(['REPLICAOF', 'NO', 'ONE']);
      await converged(service);
      expect(await exercise(service)).toEqual(HEALTHY);
      for (const component of ['commands', 'rateLimit']) {
        expect(service.events.filter((e) => e.endsWith(`:${component}`))).toEqual([
          `fallback:${component}`,
          `recovered:${component}`,
        ]);
      }
    } finally {
      await admin.sendCommand(['REPLICAOF', 'NO', 'ONE']);
      promoted.destroy();
      await other.stop();
    }
  }, 20_000);
});
