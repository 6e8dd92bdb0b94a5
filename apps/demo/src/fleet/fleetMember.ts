/**
 * One instance of the fleet demo, in its own process (started by `runFleetDemo`): a rate-limited
 * partner call on the fleet's one limit, a `Payments.quote` breaker, and an admin API that
 * reaches the whole fleet. Args: keyPrefix instanceId; the Redis URL and the admin token come in
 * the environment (`BALLAST_FLEET_DEMO_REDIS_URL`, `BALLAST_FLEET_DEMO_TOKEN`), never on the
 * command line, where other users could read a password.
 *
 * It speaks JSON lines: prints `{"type":"ready","adminUrl"}`, then `{"type":"tick",…}` every
 * second (admitted calls so far, the breaker's state, quotes refused); on the stdin line `run`
 * four callers call the limited method without pause; on `stop` it prints `{"type":"done",…}`
 * with its totals and exits (also when stdin closes).
 */
import { createInterface } from 'node:readline';
import { createRuntime, protect } from '@ballast/core';
import { startAdminServer } from '@ballast/admin';
import {
  breakerRegistry,
  CircuitOpenError,
  circuitBreaker,
  rateLimit,
  RateLimitedError,
} from '@ballast/resilience';
import {
  type ClusterRateLimiter,
  clusterRateLimits,
  connectRedis,
  FleetControl,
} from '@ballast/redis';
import { FLEET_DEMO_LIMIT, type FleetMemberLine } from './fleetDemoProtocol.js';

const [keyPrefix, instanceId] = process.argv.slice(2) as [string, string];
const runtime = createRuntime();
const url = process.env.BALLAST_FLEET_DEMO_REDIS_URL!;
const redis = connectRedis({ url, keyPrefix, instanceId, runtime });
const { name, rate, burst, batch } = FLEET_DEMO_LIMIT;
const backend = clusterRateLimits(redis, { batch });
const notify = protect(
  async () => undefined,
  [rateLimit({ name, rate, interval: 1_000, burst, maxWait: 1_000, backend })],
  { runtime, name },
);
const quote = protect(async () => 'quote', [circuitBreaker({ name: 'Payments.quote' })], {
  runtime,
});
const fleet = new FleetControl(redis, { heartbeat: { intervalMs: 1_000 } });
const say = (line: FleetMemberLine): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

await redis.waitUntilReady(10_000);
await fleet.start();
const admin = await startAdminServer(runtime, {
  port: 0,
  token: process.env.BALLAST_FLEET_DEMO_TOKEN!,
  fleet,
  defaultMetrics: false,
});
say({ type: 'ready', adminUrl: admin.url });

// Ctrl-C reaches the whole process group: the demo that started this one stops it in order.
process.on('SIGINT', () => undefined);

let running = false;
let admitted = 0;
let quotesRefused = 0;
const callers: Promise<void>[] = [];
const caller = async (): Promise<void> => {
  while (running) {
    try {
      await notify();
      admitted++;
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
    }
  }
};
const tick = setInterval(() => {
  // One quote a second: refused at once while the breaker is forced open on this instance.
  void quote().catch((error: unknown) => {
    if (error instanceof CircuitOpenError) quotesRefused++;
  });
  const breaker = breakerRegistry(runtime).state('Payments.quote');
  say({ type: 'tick', instanceId, admitted, breaker, quotesRefused });
}, 1_000);

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'run' && !running) {
    running = true;
    for (let i = 0; i < 4; i++) callers.push(caller());
  } else if (line === 'stop') break;
}
running = false;
clearInterval(tick);
await Promise.all(callers);
const { roundTrips } = (
  backend.limit(name, { rate, interval: 1_000, burst }) as ClusterRateLimiter
).statistics();
say({ type: 'done', instanceId, admitted, roundTrips });
await admin.close();
runtime.dispose();
