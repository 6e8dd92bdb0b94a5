import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { FixtureProcess } from './support/FixtureProcess.js';
import {
  describeWithRedis,
  freshPrefix,
  type RedisServer,
  startRedisServer,
} from './support/redisTest.js';

const describeRedis = describeWithRedis('fleetLimit.test.ts');

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

describeRedis('a fleet of real processes sharing one ClusterRateLimiter', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());

  it('four processes share 200/s for 10 s within the bound; a fifth joining mid-run does not raise the total', async () => {
    const prefix = freshPrefix();
    const args = (id: string): string[] => [
      server.url,
      prefix,
      id,
      String(RATE),
      String(BURST),
      String(BATCH),
    ];
    const fleet = ['p1', 'p2', 'p3', 'p4', 'late'].map(
      (id) => new FixtureProcess('limiterProcess', args(id)),
    );
    try {
      await Promise.all(fleet.map((process) => process.waitFor('ready')));
      const startAt = Date.now() + 500;
      const halfAt = startAt + 5_000;
      const endAt = startAt + 10_000;
      fleet.forEach((process, index) =>
        process.send(`run ${index === 4 ? halfAt : startAt} ${halfAt} ${endAt}`),
      );
      const counts = await Promise.all(
        fleet.map(
          async (process) => JSON.parse((await process.waitFor('counts ')).slice(7)) as Counts,
        ),
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
    } finally {
      await Promise.all(fleet.map((process) => process.signal('SIGKILL')));
    }
  }, 60_000);
});
