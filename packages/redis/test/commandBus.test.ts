import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { type Clock, ConfigError, createRuntime, protect, type Runtime } from '@ballast/core';
import { flagsOf } from '@ballast/flags';
import { breakerRegistry, circuitBreaker, CircuitOpenError } from '@ballast/resilience';
import { ManualClock } from '@ballast/testing';
import { breakerApplier, breakerCommand } from '../src/commands/breakerApplier.js';
import { CommandBus } from '../src/commands/CommandBus.js';
import type { IssuedCommand } from '../src/commands/FleetCommand.js';
import { flagApplier, flagCommand } from '../src/commands/flagApplier.js';
import { connectRedis, type RedisConnection } from '../src/connection/RedisConnection.js';
import { FleetHeartbeat } from '../src/fleet/FleetHeartbeat.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  settlesAt,
  startRedisServer,
  until,
} from './support/redisTest.js';

const describeRedis = describeWithRedis('commandBus.test.ts');

interface Instance {
  readonly id: string;
  readonly runtime: Runtime;
  readonly redis: RedisConnection;
  readonly bus: CommandBus;
  readonly steps: IssuedCommand[];
}

describeRedis('CommandBus and fleet state', () => {
  let server: RedisServer;
  let prefix: string;
  const instances: Instance[] = [];

  async function instance(id: string, clock?: Clock, resyncIntervalMs?: number): Promise<Instance> {
    const runtime = createRuntime(clock === undefined ? {} : { clock });
    const redis = connectRedis({
      url: server.url,
      keyPrefix: prefix,
      instanceId: id,
      runtime,
      timeoutMs: 200,
    });
    flagsOf(runtime).load({ flags: { 'new-checkout': { enabled: true } } });
    const steps: IssuedCommand[] = [];
    const bus = new CommandBus(redis, resyncIntervalMs === undefined ? {} : { resyncIntervalMs })
      .register('breaker', breakerApplier(runtime))
      .register('flag', flagApplier(flagsOf(runtime)))
      .register('runbook.step', (command) => steps.push(command));
    await redis.waitUntilReady();
    await bus.start();
    const created = { id, runtime, redis, bus, steps };
    instances.push(created);
    return created;
  }

  /** The service every instance runs: one call behind the breaker `Payments.quote`. */
  const quoteOn = (runtime: Runtime): (() => Promise<string>) =>
    protect(async () => 'quote', [circuitBreaker({ name: 'Payments.quote' })], {
      runtime,
      name: 'quote',
    });

  const breakerState = (target: Instance): string =>
    breakerRegistry(target.runtime).state('Payments.quote');

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    prefix = freshPrefix();
  });
  afterEach(() => {
    for (const { runtime } of instances.splice(0)) runtime.dispose();
  });

  it('a breaker forced open through one instance is open on the other three; one started afterwards comes up with it open', async () => {
    const fleet = await Promise.all(['a', 'b', 'c', 'd'].map((id) => instance(id)));
    for (const member of fleet) quoteOn(member.runtime);
    expect(await fleet[0]!.bus.publish(breakerCommand('Payments.quote', 'forceOpen'))).toBe(1);
    await until(() => fleet.every((member) => breakerState(member) === 'FORCED_OPEN'), 1_000);

    const late = await instance('e'); // its service is woven after the command was given
    const quote = quoteOn(late.runtime);
    expect(breakerState(late)).toBe('FORCED_OPEN');
    await expect(quote()).rejects.toBeInstanceOf(CircuitOpenError);

    await fleet[1]!.bus.publish(breakerCommand('Payments.quote', 'close'));
    await until(() => [...fleet, late].every((member) => breakerState(member) === 'CLOSED'), 1_000);
    await expect(quote()).resolves.toBe('quote');
    expect(late.bus.statistics()).toMatchObject({ revision: 2, failed: 0 });
  });

  it('switches a flag everywhere and delivers a one-shot runbook step to its target only', async () => {
    const fleet = await Promise.all(['a', 'b', 'c'].map((id) => instance(id)));
    await fleet[0]!.bus.publish(flagCommand('new-checkout', false));
    await until(
      () => fleet.every((member) => !flagsOf(member.runtime).isEnabled('new-checkout')),
      1_000,
    );
    await fleet[0]!.bus.publish({ kind: 'runbook.step', payload: { step: 'drain' }, target: 'c' });
    await until(() => fleet[2]!.steps.length === 1, 1_000);
    expect(fleet[2]!.steps[0]).toMatchObject({ payload: { step: 'drain' }, issuedBy: 'a', rev: 2 });
    expect(fleet[0]!.steps).toEqual([]);
    expect(fleet[1]!.steps).toEqual([]);
  });

  it('Redis hung: publishing waits no longer than the timeout and applies on this instance only, counted', async () => {
    const clock = new ManualClock(Date.now());
    const issuer = await instance('issuer', clock);
    const other = await instance('other');
    for (const member of [issuer, other]) quoteOn(member.runtime);
    const fallbacks: string[] = [];
    issuer.runtime.events.on('redis.fallback', ({ component }) => fallbacks.push(component));
    server.pause();
    try {
      const published = issuer.bus.publish(breakerCommand('Payments.quote', 'forceOpen'));
      expect(await settlesAt(clock, published, 200)).toBe(0); // applied here only
      expect(breakerState(issuer)).toBe('FORCED_OPEN');
      expect(breakerState(other)).toBe('CLOSED');
      expect(issuer.bus.statistics()).toMatchObject({ pending: 1, fallbacks: 1 });
      expect(fallbacks).toEqual(['commands']);
    } finally {
      server.resume();
    }
  });

  it('Redis hung, killed and restarted empty: the queued command reaches every instance without a restart', async () => {
    const issuer = await instance('issuer', undefined, 500);
    const other = await instance('other', undefined, 500);
    for (const member of [issuer, other]) quoteOn(member.runtime);
    server.pause();
    expect(await issuer.bus.publish(breakerCommand('Payments.quote', 'forceOpen'))).toBe(0);
    await server.kill();
    await server.start(); // empty: no persistence
    await until(() => breakerState(other) === 'FORCED_OPEN');
    await until(() => issuer.bus.statistics().pending === 0); // its reply may come after the message
    const late = await instance('late'); // the state was stored again in the restarted Redis
    quoteOn(late.runtime);
    expect(breakerState(late)).toBe('FORCED_OPEN');
  }, 30_000); // clients reconnect backing off up to 2 s, the breaker in front of Redis reopens up to 5 s

  it('regression: commands queued while the breaker in front of Redis was open are sent by the next check', async () => {
    const clock = new ManualClock(Date.now());
    const issuer = await instance('issuer', clock);
    const other = await instance('other');
    quoteOn(other.runtime);
    breakerRegistry(issuer.runtime).forceOpen('redis');
    expect(await issuer.bus.publish(breakerCommand('Payments.quote', 'forceOpen'))).toBe(0);
    breakerRegistry(issuer.runtime).close('redis'); // no reconnect will come to flush the queue
    await clock.advanceAsync(5_000);
    await until(() => breakerState(other) === 'FORCED_OPEN');
    await until(() => issuer.bus.statistics().pending === 0); // its reply may come after the message
  });

  it('regression: a catch-up that failed with nothing queued is retried by the next check, which ends the fallback', async () => {
    const clock = new ManualClock(Date.now());
    const runtime = createRuntime({ clock });
    const redis = connectRedis({ url: server.url, keyPrefix: prefix, instanceId: 'x', runtime });
    const bus = new CommandBus(redis).register('breaker', breakerApplier(runtime));
    instances.push({ id: 'x', runtime, redis, bus, steps: [] });
    quoteOn(runtime);
    const recovered: string[] = [];
    runtime.events.on('redis.recovered', ({ component }) => recovered.push(component));
    await redis.waitUntilReady();
    breakerRegistry(runtime).forceOpen('redis');
    await bus.start(); // its first read of the fleet's state fails
    const commandsFallback = () =>
      redis.statistics().fallbacks.find((f) => f.component === 'commands');
    expect(commandsFallback()).toMatchObject({ active: true, count: 1 });
    expect(bus.statistics().pending).toBe(0);
    const writer = await instance('writer');
    await writer.bus.publish(breakerCommand('Payments.quote', 'forceOpen'));
    breakerRegistry(runtime).close('redis');
    await clock.advanceAsync(5_000);
    await until(() => commandsFallback()?.active === false);
    expect(recovered).toEqual(['commands']);
    expect(breakerRegistry(runtime).state('Payments.quote')).toBe('FORCED_OPEN');
  });

  it('picks up a command whose message it never got by comparing revisions now and then', async () => {
    const clock = new ManualClock(Date.now());
    const quiet = await instance('quiet', clock, 1_000);
    quoteOn(quiet.runtime);
    // Another instance's command stored and numbered, its message lost on the way.
    const writer = await instance('writer');
    const command = breakerCommand('Payments.quote', 'forceOpen');
    await writer.redis.call(async (client) => {
      await client.set(writer.redis.key('cmd:{default}:epoch'), 'e1');
      await client.set(writer.redis.key('cmd:{default}:rev'), '1');
      const stored = {
        ...command,
        id: 'lost-1',
        rev: 1,
        epoch: 'e1',
        issuedBy: 'writer',
        issuedAt: 0,
      };
      await client.hSet(
        writer.redis.key('cmd:{default}:state'),
        command.stateKey!,
        JSON.stringify(stored),
      );
    });
    expect(breakerState(quiet)).toBe('CLOSED');
    await clock.advanceAsync(1_000);
    await until(() => breakerState(quiet) === 'FORCED_OPEN');
  });

  it('refuses a malformed command or a second applier for a kind with BALLAST_ERR_REDIS_COMMAND', async () => {
    const a = await instance('a');
    await expect(a.bus.publish({ kind: '', payload: {} })).rejects.toThrow(
      'CommandBus.publish: kind must be a non-empty string.',
    );
    await expect(a.bus.publish({ kind: 'flag', payload: [] as never })).rejects.toMatchObject({
      code: 'BALLAST_ERR_REDIS_COMMAND',
    });
    expect(() => a.bus.register('flag', () => undefined)).toThrow(
      'kind "flag" has an applier already',
    );
    // A command this instance cannot apply is counted, not thrown.
    await a.bus.publish(flagCommand('no-such-flag', true));
    expect(a.bus.statistics().failed).toBe(1);
  });

  it('rejects a bad bus or heartbeat option with BALLAST_ERR_CONFIG instead of beating in a loop', async () => {
    const a = await instance('a');
    expect(() => new FleetHeartbeat(a.redis, { intervalMs: 0 })).toThrow(
      'FleetHeartbeat: option "intervalMs" must be',
    );
    expect(() => new FleetHeartbeat(a.redis, { interval: 1_000 } as never)).toThrow(ConfigError);
    expect(() => new CommandBus(a.redis, { resyncIntervalMs: -1 })).toThrow(
      'CommandBus: option "resyncIntervalMs" must be',
    );
    expect(() => new CommandBus(a.redis, { name: '' })).toThrow(ConfigError);
  });

  it('heartbeats list every live instance with its breakers; a stopped one drops out', async () => {
    const fleet = await Promise.all(['a', 'b'].map((id) => instance(id)));
    quoteOn(fleet[0]!.runtime);
    const beats = fleet.map(
      (member) =>
        new FleetHeartbeat(member.redis, {
          intervalMs: 100,
          summary: () => ({ version: '1.2.3' }),
        }),
    );
    await Promise.all(beats.map((beat) => beat.beat()));
    const listed = await beats[0]!.list();
    expect(listed.map((entry) => entry.instanceId)).toEqual(['a', 'b']);
    expect(listed[0]).toMatchObject({
      pid: process.pid,
      extra: { version: '1.2.3' },
      breakers: [
        { name: 'redis', state: 'CLOSED' }, // the breaker in front of Redis itself
        { name: 'Payments.quote', state: 'CLOSED' },
      ],
      redis: { ready: true, breaker: 'CLOSED' },
    });
    beats[0]!.start(); // b stopped beating after one beat: gone after three intervals
    await until(async () => (await beats[0]!.list()).length === 1);
    expect((await beats[0]!.list()).map((entry) => entry.instanceId)).toEqual(['a']);
    beats[0]!.stop();
  }, 20_000);
});
