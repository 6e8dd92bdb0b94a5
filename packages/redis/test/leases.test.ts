import { afterAll, afterEach, beforeAll, beforeEach, expect, it, jest } from '@jest/globals';
import { ConfigError, createRuntime, type Runtime } from '@ballast/core';
import { connectRedis, type RedisConnection } from '../src/connection/RedisConnection.js';
import { type LeaseOptions, RedisLeases } from '../src/lease/RedisLeases.js';
import { FixtureProcess } from './support/FixtureProcess.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  startRedisServer,
  until,
} from './support/redisTest.js';

const describeRedis = describeWithRedis('leases.test.ts');

describeRedis('leases and run-once', () => {
  let server: RedisServer;
  let prefix: string;
  let runtime: Runtime;
  let redis: RedisConnection;
  const processes: FixtureProcess[] = [];

  function start(name: string, args: readonly string[]): FixtureProcess {
    const child = new FixtureProcess(name, args);
    processes.push(child);
    return child;
  }
  /** Lines of every process (finished ones too) that start with `prefix`. */
  const linesOf = (prefix: string): string[] =>
    processes.flatMap((child) => child.lines.filter((line) => line.startsWith(prefix)));

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    prefix = freshPrefix();
    runtime = createRuntime();
    redis = connectRedis({ url: server.url, keyPrefix: prefix, instanceId: 'test', runtime });
  });
  afterEach(async () => {
    runtime.dispose();
    await Promise.all(processes.splice(0).map((child) => child.signal('SIGKILL')));
  });

  it('grants a lease to one holder at a time with a higher token each time, and frees it on release', async () => {
    await redis.waitUntilReady();
    const leases = new RedisLeases(redis);
    const before = Date.now();
    const first = await leases.lease('job', 5_000);
    expect(first!.token).toBeGreaterThan(before); // the first counter starts at the server's clock
    expect(await leases.lease('job', 5_000)).toBeUndefined();
    expect(await first!.release()).toBe(true);
    const second = await leases.lease('job', 5_000);
    expect(second?.token).toBe(first!.token + 1);
    await second!.guardedWrite('out', 'v2');
    expect(await redis.call((client) => client.get(redis.key('out')))).toBe('v2');
    await second!.release();
    await expect(second!.guardedWrite('out', 'late')).rejects.toMatchObject({
      code: 'BALLAST_ERR_REDIS_FENCED',
    });
    expect(second!.lost).toBe(true);
  });

  it('two processes racing for a lease hold it one at a time', async () => {
    const racers = ['r1', 'r2'].map((id) =>
      start('leaseProcess', ['race', server.url, prefix, id, '3000']),
    );
    await Promise.all(racers.map((racer) => racer.waitFor('ready')));
    for (const racer of racers) racer.send('go');
    await Promise.all(racers.map((racer) => racer.waitFor('finished')));
    const periods = racers
      .flatMap((racer) =>
        racer.lines
          .filter((line) => line.startsWith('hold '))
          .map((line) => {
            const [, token, at] = line.split(' ');
            const end = racer.lines.find((other) => other.startsWith(`end ${token} `));
            return { token: Number(token), from: Number(at), to: Number(end!.split(' ')[2]) };
          }),
      )
      .sort((a, b) => a.token - b.token);
    expect(racers.every((racer) => racer.lines.some((line) => line.startsWith('hold ')))).toBe(
      true,
    );
    for (let i = 1; i < periods.length; i++) {
      // Tokens grow with every grant, and each holder ended before the next was granted.
      expect(periods[i]!.token).toBe(periods[i - 1]!.token + 1);
      expect(periods[i]!.from).toBeGreaterThanOrEqual(periods[i - 1]!.to);
    }
  }, 30_000);

  it('a holder paused past its TTL (SIGSTOP) loses the lease; its next guarded write is refused by token', async () => {
    const paused = start('leaseProcess', ['hold', server.url, prefix, 'paused', '1000']);
    const first = Number((await paused.waitFor('held ')).slice('held '.length));
    await paused.signal('SIGSTOP');
    const next = start('leaseProcess', ['hold', server.url, prefix, 'next', '1000']);
    expect(await next.waitFor('held ')).toBe(`held ${first + 1}`); // once the paused lease expired
    await paused.signal('SIGCONT');
    paused.send('write');
    expect(await paused.waitFor('refused')).toBe('refused BALLAST_ERR_REDIS_FENCED');
    next.send('write');
    await next.waitFor('written');
    expect(await redis.call((client) => client.get(redis.key('fenced-target')))).toBe('next');
  }, 30_000);

  it('runOnce runs global once, deploy once per deploy, instance once per instance, across three processes and two deploys', async () => {
    for (const version of ['v1', 'v2']) {
      const deploy = ['p1', 'p2', 'p3'].map((id) =>
        start('runOnceProcess', [server.url, prefix, id, version, 'global,deploy,instance', '200']),
      );
      await Promise.all(deploy.map((child) => child.waitFor('exit')));
    }
    expect(linesOf('finished global')).toHaveLength(1);
    expect(linesOf('finished deploy')).toHaveLength(2);
    expect(linesOf('finished instance')).toHaveLength(6);
    expect(linesOf('done global true')).toHaveLength(1);
    expect(linesOf('done global false')).toHaveLength(5);
    expect(linesOf('done deploy true')).toHaveLength(2);
  }, 60_000);

  it('runOnce: a process killed halfway is replaced by another; an instance task runs again when the instance restarts', async () => {
    const args = (id: string, scope: string, taskMs: string): string[] => [
      server.url,
      prefix,
      id,
      'v1',
      scope,
      taskMs,
    ];
    const fleet = ['p1', 'p2', 'p3'].map((id) =>
      start('runOnceProcess', args(id, 'global', '2000')),
    );
    await Promise.race(fleet.map((child) => child.waitFor('started global')));
    const runner = fleet.find((child) => child.lines.includes('started global'))!;
    await runner.signal('SIGKILL');
    const survivors = fleet.filter((child) => child !== runner);
    await Promise.all(survivors.map((child) => child.waitFor('exit')));
    expect(linesOf('started global')).toHaveLength(2);
    expect(linesOf('finished global')).toHaveLength(1);
    expect(linesOf('done global true')).toHaveLength(1);

    const instance = start('runOnceProcess', args('p9', 'instance', '2000'));
    await instance.waitFor('started instance');
    await instance.signal('SIGKILL');
    const restarted = start('runOnceProcess', args('p9', 'instance', '100'));
    expect(await restarted.waitFor('done instance')).toBe('done instance true');
    expect(linesOf('finished instance')).toHaveLength(1);
  }, 60_000);

  it('regression: a process whose only pending work is waiting on another instance’s runOnce stays alive until it is done', async () => {
    await redis.waitUntilReady();
    const leases = new RedisLeases(redis);
    let finish!: () => void;
    let running!: () => void;
    const isRunning = new Promise<void>((resolve) => (running = resolve));
    const held = leases.runOnce('task-global', { scope: 'global', ttlMs: 1_000 }, async () => {
      running();
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await isRunning;
    // The waiting process has no server, no stdin, no timer of its own: only runOnce's wait
    // (Redis sockets never hold a process) keeps it alive between its polls.
    const waiter = start('runOnceProcess', [server.url, prefix, 'waiter', 'v1', 'global', '0']);
    const exitedEarly = waiter.exited.then((exit) => `exited early: ${JSON.stringify(exit)}`);
    const ownId = await redis.call((client) => client.sendCommand(['CLIENT', 'ID']));
    const polled = until(async () => {
      const list = String(await redis.call((client) => client.sendCommand(['CLIENT', 'LIST'])));
      // Its first poll ran (found the task running): from now on it waits between polls.
      return list
        .split('\n')
        .some((line) => !line.startsWith(`id=${String(ownId)} `) && line.includes(' cmd=evalsha '));
    });
    await Promise.race([polled, exitedEarly]);
    finish();
    expect(await held).toMatchObject({ ran: true });
    expect(await Promise.race([waiter.waitFor('done global'), exitedEarly])).toBe(
      'done global false',
    );
    expect(await waiter.exited).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('releases a lease after a delay: nobody takes it meanwhile, guarded writes are refused at once', async () => {
    await redis.waitUntilReady();
    const leases = new RedisLeases(redis);
    const lease = (await leases.lease('cool-down', 5_000))!;
    expect(await lease.release({ afterMs: 60_000 })).toBe(true);
    expect(await leases.lease('cool-down', 5_000)).toBeUndefined();
    const pttl = await redis.call((client) => client.pTTL(redis.key('lease:{cool-down}')));
    expect(pttl).toBeGreaterThan(55_000);
    await expect(lease.guardedWrite('out', 'late')).rejects.toMatchObject({
      code: 'BALLAST_ERR_REDIS_FENCED',
    });
  });

  it('has no local fallback: without Redis, lease and runOnce fail with BALLAST_ERR_REDIS_UNAVAILABLE', async () => {
    const offline = new RedisLeases(
      connectRedis({ url: 'redis://127.0.0.1:1', instanceId: 'offline', runtime }),
    );
    await expect(offline.lease('job', 1_000)).rejects.toMatchObject({
      code: 'BALLAST_ERR_REDIS_UNAVAILABLE',
    });
    const task = jest.fn();
    await expect(
      offline.runOnce('job', { scope: 'global', maxWaitMs: 0 }, task),
    ).rejects.toMatchObject({ code: 'BALLAST_ERR_REDIS_UNAVAILABLE' });
    expect(task).not.toHaveBeenCalled();
  });

  it('rejects bad names, TTLs and run-once options with BALLAST_ERR_CONFIG', async () => {
    const leases = new RedisLeases(redis);
    await expect(leases.lease('a b', 1_000)).rejects.toThrow(ConfigError);
    await expect(leases.lease('job', 10)).rejects.toThrow(
      'lease: ttlMs must be an integer from 100 to 86400000 (got 10).',
    );
    await expect(leases.lease('job', 1_000, { waitMs: -1 })).rejects.toThrow(
      'lease: option "waitMs" must be an integer >= 0 <= 86400000 (got -1).',
    );
    await expect(
      leases.lease('job', 1_000, { wait: 5_000 } as unknown as LeaseOptions),
    ).rejects.toThrow('lease: unknown option "wait". Allowed: waitMs.');
    await expect(leases.runOnce('job', { scope: 'deploy' }, () => undefined)).rejects.toThrow(
      `runOnce: option "version" must be given with scope 'deploy'`,
    );
  });
});
