import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { FixtureProcess } from './support/FixtureProcess.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  startRedisServer,
  until,
} from './support/redisTest.js';

const describeRedis = describeWithRedis('fleet.test.ts');

interface Counts {
  readonly firstHalf: number;
  readonly secondHalf: number;
  readonly roundTrips: number;
}

const RATE = 200;
const BURST = 20;
const BATCH = 10;
/** The documented bound: burst + rate × W + instances × batch. */
const bound = (seconds: number, instances: number): number =>
  BURST + RATE * seconds + instances * BATCH;

/** One fleet instance in its own process, with its admin API. */
class Instance {
  readonly process: FixtureProcess;
  url = '';
  #token = '';

  constructor(server: RedisServer, prefix: string, id: string) {
    const args = [server.url, prefix, id, String(RATE), String(BURST), String(BATCH)];
    this.process = new FixtureProcess('fleetInstance', args);
  }

  async ready(): Promise<this> {
    [, this.url, this.#token] = (await this.process.waitFor('ready ')).split(' ') as [
      string,
      string,
      string,
    ];
    return this;
  }

  async api(method: string, path: string, body?: object): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.#token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  async breaker(): Promise<string> {
    return (await this.api('GET', '/api/breakers/Payments.quote')).state as string;
  }
}

describeRedis('a fleet of real processes on one Redis', () => {
  let server: RedisServer;
  let prefix: string;
  let fleet: Instance[];
  let late: Instance | undefined;

  beforeAll(async () => {
    server = await startRedisServer();
    prefix = freshPrefix();
    fleet = await Promise.all(
      ['p1', 'p2', 'p3', 'p4'].map((id) => new Instance(server, prefix, id).ready()),
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all(
      [...fleet, ...(late === undefined ? [] : [late])].map((one) => one.process.signal('SIGKILL')),
    );
    await server.stop();
  });

  it('a breaker forced open through one instance’s admin API is open on the other three within one second; one started afterwards comes up with it open', async () => {
    const answer = await fleet[0]!.api('POST', '/api/breakers/Payments.quote/force-open', {
      actor: 'test',
    });
    expect(answer).toMatchObject({ state: 'FORCED_OPEN', fleetRevision: 1 });
    await until(
      async () =>
        (await Promise.all(fleet.map((one) => one.breaker()))).every((s) => s === 'FORCED_OPEN'),
      1_000,
    );

    late = await new Instance(server, prefix, 'late').ready();
    expect(await late.breaker()).toBe('FORCED_OPEN');
    // The admin API lists the fleet from the heartbeats: who is where, with its breakers.
    await until(async () => {
      const { instances } = (await fleet[0]!.api('GET', '/api/fleet')) as {
        instances: { breakers: { name: string; state: string }[] }[];
      };
      return (
        instances.length === 5 &&
        instances.every((one) =>
          one.breakers.some((b) => b.name === 'Payments.quote' && b.state === 'FORCED_OPEN'),
        )
      );
    });
    const listed = (await fleet[0]!.api('GET', '/api/fleet')) as {
      self: string;
      instances: { instanceId: string; host: string; pid: number }[];
    };
    expect(listed.self).toBe('p1');
    expect(listed.instances.map((one) => one.instanceId)).toEqual(['late', 'p1', 'p2', 'p3', 'p4']);
    expect(listed.instances.every((one) => one.host.length > 0 && one.pid > 0)).toBe(true);

    const everyone = [...fleet, late];
    await fleet[2]!.api('POST', '/api/breakers/Payments.quote/close', {});
    await until(
      async () =>
        (await Promise.all(everyone.map((one) => one.breaker()))).every((s) => s === 'CLOSED'),
      1_000,
    );
  }, 60_000);

  it('four processes share one @RateLimit of 200/s for 10 s within the bound; a fifth joining mid-run does not raise the total', async () => {
    const all = [...fleet, late ?? (await new Instance(server, prefix, 'late').ready())];
    const startAt = Date.now() + 500;
    const halfAt = startAt + 5_000;
    const endAt = startAt + 10_000;
    all.forEach((one, index) =>
      one.process.send(`run ${index === 4 ? halfAt : startAt} ${halfAt} ${endAt}`),
    );
    const counts = await Promise.all(
      all.map(async (one) => JSON.parse((await one.process.waitFor('counts ')).slice(7)) as Counts),
    );
    const firstHalf = counts.reduce((sum, count) => sum + count.firstHalf, 0);
    const secondHalf = counts.reduce((sum, count) => sum + count.secondHalf, 0);
    expect(counts[4]!.firstHalf).toBe(0);
    expect(counts[4]!.secondHalf).toBeGreaterThan(0); // the late process did get permits
    expect(firstHalf).toBeLessThanOrEqual(bound(5, 4));
    expect(secondHalf).toBeLessThanOrEqual(bound(5, 5));
    expect(firstHalf + secondHalf).toBeLessThanOrEqual(bound(10, 5)); // 2,070
    // The fleet does use its limit (callers always want more than 200/s).
    expect(firstHalf + secondHalf).toBeGreaterThanOrEqual(0.8 * RATE * 10);
  }, 60_000);
});
