import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRuntime, weave } from '@ballast/core';
import { Retry } from '@ballast/resilience';
import { SafeLog } from '@ballast/safe-log';
import cluster, { type Worker } from 'node:cluster';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AggregatorRegistry, Registry } from 'prom-client';
import { clusterMetricsHandler, registerBallastMetrics } from '../src/index.js';
import { parseExposition, sampleValue } from './parseExposition.js';

class Catalogue {
  @SafeLog({ successLevel: 'off' })
  @Retry({ name: 'catalogue', budget: false })
  async list(): Promise<string[]> {
    return ['a'];
  }
}

async function workerMetrics(
  calls: number,
): Promise<Awaited<ReturnType<Registry['getMetricsAsJSON']>>> {
  const runtime = createRuntime();
  try {
    const registry = new Registry();
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    const catalogue = weave(new Catalogue(), runtime);
    for (let i = 0; i < calls; i++) await catalogue.list();
    return await registry.getMetricsAsJSON();
  } finally {
    runtime.dispose();
  }
}

describe('cluster aggregation', () => {
  it('sums counters and histograms of several workers in prom-client AggregatorRegistry.aggregate', async () => {
    const aggregated = AggregatorRegistry.aggregate([
      await workerMetrics(2),
      await workerMetrics(3),
    ]);
    const text = await aggregated.metrics();
    const families = parseExposition(text);
    expect(families.get('ballast_retry_calls_total')?.type).toBe('counter');
    expect(
      sampleValue(families, 'ballast_retry_calls_total', {
        policy: 'catalogue',
        kind: 'successful_without_retry',
      }),
    ).toBe(5);
    expect(families.get('ballast_call_duration_seconds')?.type).toBe('histogram');
    const method = { service: 'Catalogue', method: 'list' };
    expect(sampleValue(families, 'ballast_call_duration_seconds_count', method)).toBe(5);
    expect(
      sampleValue(families, 'ballast_call_duration_seconds_bucket', { ...method, le: '+Inf' }),
    ).toBe(5);
  });
});

describe('clusterMetricsHandler with real node:cluster workers', () => {
  const workers: Worker[] = [];
  let server: Server;

  beforeAll(async () => {
    cluster.setupPrimary({
      exec: fileURLToPath(new URL('./fixtures/clusterWorker.ts', import.meta.url)),
      execArgv: ['--import', 'tsx', '--conditions=ballast-source'],
      silent: true,
    });
    const env = { TSX_TSCONFIG_PATH: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) };
    const ready = [
      { ...env, CALLS: '2', FORCE_OPEN: '0' },
      { ...env, CALLS: '5', FORCE_OPEN: '1' },
    ].map(
      (workerEnv) =>
        new Promise<void>((resolve, reject) => {
          const worker = cluster.fork(workerEnv);
          workers.push(worker);
          worker.once('message', () => resolve());
          worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
        }),
    );
    await Promise.all(ready);
    server = createServer(clusterMetricsHandler());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, 30_000);

  afterAll(async () => {
    await new Promise<void>((resolve) =>
      server === undefined ? resolve() : server.close(() => resolve()),
    );
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) resolve();
            else {
              worker.once('exit', () => resolve());
              worker.kill();
            }
          }),
      ),
    );
  });

  it('answers the primary scrape with the workers summed, and the breaker state as the worst worker', async () => {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const families = parseExposition(await response.text());
    const kind = { policy: 'catalogue', kind: 'successful_without_retry' };
    expect(sampleValue(families, 'ballast_retry_calls_total', kind)).toBe(7);
    expect(
      sampleValue(families, 'ballast_circuitbreaker_state', {
        breaker: 'catalogue',
        state: 'forced_open',
      }),
    ).toBe(1);
    expect(
      sampleValue(families, 'ballast_circuitbreaker_state', {
        breaker: 'catalogue',
        state: 'closed',
      }),
    ).toBe(1);
    expect(
      sampleValue(families, 'ballast_circuitbreaker_keys', {
        breaker: 'catalogue',
        state: 'closed',
      }),
    ).toBe(1);
  });
});
