import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type RedisServer, redisServerAvailable, startRedisServer } from '@ballast/testing';
import { spawnDemo } from './demoProcess.js';

// tsx compiles the demo and three instances on 2 busy cores, traffic runs 10 s, then each
// instance stops its callers and closes its admin server.
const RUN_BOUND_MS = 90_000;
const describeRedis = redisServerAvailable('fleetDemo.test.ts') ? describe : describe.skip;

/** A number printed after `label` in the demo's output. */
function figure(output: string, pattern: RegExp): number {
  const match = pattern.exec(output);
  if (match === null) throw new Error(`no ${String(pattern)} in the output:\n${output}`);
  return Number(match[1]);
}

describeRedis('npm start -- --redis URL --instances N (the fleet demo)', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());

  it(
    'three processes admit one limit of 100/s between them, and a breaker forced open through one is open on all three',
    async () => {
      const demo = spawnDemo(['--redis', server.url, '--instances', '3', '--duration', '10']);
      const code = await demo.exited(RUN_BOUND_MS);
      const output = demo.output();
      expect({ code, output }).toEqual({
        code: 0,
        output: expect.stringContaining('fleet demo summary after'),
      });

      const admitted = figure(output, /admitted (\d+) calls across 3 instances/);
      const bound = figure(output, /; bound (\d+) = 10 \+ 100\/s/);
      expect(admitted).toBeLessThanOrEqual(bound);
      // Each caller always wants more: the fleet uses most of its 100/s over 10 s.
      expect(admitted).toBeGreaterThanOrEqual(700);
      const perInstance = /\(i1 (\d+) · i2 (\d+) · i3 (\d+)\); bound/.exec(output)!.slice(1);
      expect(perInstance.map(Number).every((n) => n > 0)).toBe(true);

      expect(output).toMatch(
        /Payments\.quote forced open through i1's admin API: open on 3\/3 instances after \d+ ms/,
      );
      expect(figure(output, /open on 3\/3 instances after (\d+) ms/)).toBeLessThan(1_000);
      expect(output).toMatch(/Payments\.quote open on 3\/3, quotes refused [1-9]/);
      expect(output).toContain("Payments.quote closed again through i3's admin API");
    },
    RUN_BOUND_MS,
  );
});
