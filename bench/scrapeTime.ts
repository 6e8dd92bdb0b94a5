/**
 * Scrape time of `registerBallastMetrics`: a runtime with enough protected operations (SafeLog +
 * Retry + CircuitBreaker each: 40 series) and a keyed breaker with 1,000 live keys to render at
 * least `seriesCount` series; the result is the median time of `registry.metrics()` in ms.
 * prom-client's default Node metrics are off so the number is ballast's own series.
 */
import { createRuntime, protect } from '@ballast/core';
import { flagsOf } from '@ballast/flags';
import { registerBallastMetrics } from '@ballast/metrics';
import { circuitBreaker, retry } from '@ballast/resilience';
import { safeLog } from '@ballast/safe-log';
import { Registry } from 'prom-client';
import { median } from './measure.js';

const SCRAPES = 21;
const WARM_UP = 5;
const KEYS = 1_000;

function countSeries(text: string): number {
  let series = 0;
  for (const line of text.split('\n')) if (line.length > 0 && !line.startsWith('#')) series++;
  return series;
}

/** Median ms of one scrape of a registry holding at least `seriesCount` ballast series. */
export async function scrapeMilliseconds(seriesCount = 1000): Promise<number> {
  const runtime = createRuntime();
  try {
    const registry = new Registry();
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    flagsOf(runtime).load({ flags: { 'new-search': { enabled: true, allow: ['beta'] } } });
    flagsOf(runtime).isEnabled('new-search', { key: 'beta' });

    const byHost = protect(
      async (host: string) => host,
      [circuitBreaker({ name: 'hosts', key: ([host]) => String(host), maxKeys: KEYS })],
      {
        runtime,
        name: 'Hosts.fetch',
      },
    );
    for (let i = 0; i < KEYS; i++) await byHost(`host-${i}`);

    let operations = 0;
    while (countSeries(await registry.metrics()) < seriesCount) {
      const name = `Inventory.op${operations++}`;
      const operation = protect(
        async (n: number) => n * 2,
        [
          safeLog({ successLevel: 'off' }),
          retry({ name, budget: false }),
          circuitBreaker({ name }),
        ],
        {
          runtime,
          name,
        },
      );
      await operation(operations);
    }

    const times: number[] = [];
    for (let i = 0; i < WARM_UP + SCRAPES; i++) {
      const start = process.hrtime.bigint();
      await registry.metrics();
      if (i >= WARM_UP) times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return median(times);
  } finally {
    runtime.dispose();
  }
}
