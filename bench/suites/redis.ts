/**
 * The cluster-wide rate limiter against rate-limiter-flexible's `RateLimiterRedis`, side by side
 * on one redis-server that the bench starts on a loopback port (no persistence).
 *
 * - Both take one permit per call for one key, with `CONCURRENCY` callers awaiting in a loop, on
 *   the same node-redis client library (rate-limiter-flexible with `useRedisPackage`). The limit
 *   is far above what one process reaches, so every call is admitted: steady state.
 * - `*_ops`: admitted calls per second, median over `ROUNDS` rounds that alternate which goes
 *   first. `ratio` = ballast_ops / rlf_ops.
 * - `redis_calls_per_1k`: commands the server executed for ballast's limiter (EVALSHA + EVAL,
 *   from `INFO commandstats`) per thousand admitted calls, over every round. `rlf_calls_per_1k`
 *   is the same count for rate-limiter-flexible (EVAL per call).
 * - `*_saturated_calls_per_1k`: the same for ballast with a limit of 2,000/s that the callers
 *   exceed (most calls refused locally), per thousand admitted calls.
 */
import { createClient } from '@redis/client';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createRuntime } from '@ballast/core';
import { ClusterRateLimiter, connectRedis } from '@ballast/redis';
import { startRedisServer } from '@ballast/testing';
import { median, report, round } from '../measure.js';

const CONCURRENCY = 32;
const CALLS_PER_ROUND = 40_000;
const ROUNDS = 7;

type Acquire = () => Promise<unknown>;

/** Admitted calls per second for CALLS_PER_ROUND calls spread over CONCURRENCY callers. */
async function opsPerSecond(acquire: Acquire): Promise<number> {
  let remaining = CALLS_PER_ROUND;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (remaining-- > 0) await acquire();
    }),
  );
  return CALLS_PER_ROUND / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function scriptCalls(client: {
  sendCommand(args: string[]): Promise<unknown>;
}): Promise<number> {
  const info = String(await client.sendCommand(['INFO', 'commandstats']));
  let calls = 0;
  for (const match of info.matchAll(/cmdstat_(?:eval|evalsha):calls=(\d+)/g))
    calls += Number(match[1]);
  return calls;
}

export async function run(): Promise<void> {
  const server = await startRedisServer();
  const runtime = createRuntime();
  const admin = createClient({ url: server.url });
  const rlfClient = createClient({ url: server.url });
  try {
    await admin.connect();
    await rlfClient.connect();
    const redis = connectRedis({ url: server.url, runtime, timeoutMs: 1_000 });
    await redis.waitUntilReady();
    const ballast = new ClusterRateLimiter(redis, { name: 'bench', rate: 1e9, batch: 20 });
    const rlf = new RateLimiterRedis({
      storeClient: rlfClient,
      useRedisPackage: true,
      points: 1e9,
      duration: 1,
      keyPrefix: 'rlf',
    });
    let ballastRefused = 0;
    const cases: Record<string, Acquire> = {
      ballast: async () => {
        if ((await ballast.acquire('k')) !== undefined) ballastRefused++;
      },
      rlf: () => rlf.consume('k'),
    };
    const ops: Record<string, number[]> = { ballast: [], rlf: [] };
    const calls: Record<string, number> = { ballast: 0, rlf: 0 };
    await opsPerSecond(cases.ballast!); // warm-up
    await opsPerSecond(cases.rlf!);
    for (let r = 0; r < ROUNDS; r++) {
      for (const name of r % 2 === 0 ? ['ballast', 'rlf'] : ['rlf', 'ballast']) {
        const before = await scriptCalls(admin);
        ops[name]!.push(await opsPerSecond(cases[name]!));
        calls[name]! += (await scriptCalls(admin)) - before;
      }
    }
    if (ballastRefused > 0)
      throw new Error(`ballast refused ${ballastRefused} calls below its limit`);

    const saturated = new ClusterRateLimiter(redis, { name: 'saturated', rate: 2_000, batch: 20 });
    const before = await scriptCalls(admin);
    const admittedBefore = saturated.statistics().admitted;
    const until = Date.now() + 3_000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < until) {
          if ((await saturated.acquire('k')) !== undefined) await new Promise(setImmediate);
        }
      }),
    );
    const saturatedCalls = (await scriptCalls(admin)) - before;
    const saturatedAdmitted = saturated.statistics().admitted - admittedBefore;

    const admitted = ROUNDS * CALLS_PER_ROUND;
    const json = {
      ballast_ops: round(median(ops.ballast!), 0),
      rlf_ops: round(median(ops.rlf!), 0),
      ratio: round(median(ops.ballast!) / median(ops.rlf!)),
      redis_calls_per_1k: round((calls.ballast! * 1_000) / admitted, 1),
      rlf_calls_per_1k: round((calls.rlf! * 1_000) / admitted, 1),
      saturated_admitted_per_s: round(saturatedAdmitted / 3, 0),
      saturated_calls_per_1k: round((saturatedCalls * 1_000) / saturatedAdmitted, 1),
    };
    report(
      `Cluster rate limiter vs rate-limiter-flexible (one redis-server, ${CONCURRENCY} callers, node ${process.version})`,
      {
        'ballast admitted/s': json.ballast_ops,
        'rate-limiter-flexible admitted/s': json.rlf_ops,
        ratio: json.ratio,
        'ballast Redis calls / 1k': json.redis_calls_per_1k,
        'rlf Redis calls / 1k': json.rlf_calls_per_1k,
        'saturated (2,000/s) admitted/s': json.saturated_admitted_per_s,
        'saturated Redis calls / 1k admitted': json.saturated_calls_per_1k,
      },
      json,
    );
  } finally {
    runtime.dispose();
    admin.destroy();
    rlfClient.destroy();
    await server.stop();
  }
}
