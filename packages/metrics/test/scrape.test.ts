import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRuntime, runInContext, type Runtime, weave } from '@ballast/core';
import { flagsOf } from '@ballast/flags';
import { CircuitOpenError } from '@ballast/resilience';
import { createSafeLogger, type SafeLogger, setSafeLogLogger } from '@ballast/safe-log';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { BALLAST_METRICS, registerBallastMetrics } from '../src/index.js';
import { type ParsedFamily, parseExposition, sampleValue } from './parseExposition.js';
import { Shop } from './Shop.js';

let runtime: Runtime;
let registry: Registry;
let dir: string;
let logger: SafeLogger;
let shop: Shop;

async function scrape(): Promise<Map<string, ParsedFamily>> {
  return parseExposition(await registry.metrics());
}

async function settle<T>(promise: Promise<T>, ms: number): Promise<T | unknown> {
  const outcome = promise.then(
    (value) => value,
    (error: unknown) => error,
  );
  await jest.advanceTimersByTimeAsync(ms);
  return outcome;
}

beforeEach(() => {
  jest.useFakeTimers();
  runtime = createRuntime();
  dir = mkdtempSync(join(tmpdir(), 'ballast-metrics-'));
  // The log file sits under a regular file (ENOTDIR even for root): every line is dropped.
  const notADirectory = join(dir, 'plain-file');
  writeFileSync(notADirectory, 'x');
  logger = createSafeLogger({
    file: join(notADirectory, 'app.log'),
    fallbackToStderr: false,
    runtime,
  });
  setSafeLogLogger(runtime, logger);
  flagsOf(runtime).load({ flags: { 'new-search': { enabled: true, allow: ['beta'] } } });
  registry = new Registry();
  registerBallastMetrics(runtime, { registry, defaultMetrics: false });
  shop = weave(new Shop(), runtime);
});

afterEach(() => {
  runtime.dispose();
  jest.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('registerBallastMetrics after a scripted sequence of woven calls', () => {
  it('exports every catalogue family with its type, help and exactly its label names', async () => {
    await shop.quote();
    await shop.charge();
    await shop.latest();
    await settle(shop.slow(), 100);
    await shop.search();
    await shop.export();
    await shop.lookup('a');
    await settle(shop.stock(), 0);
    const running = shop.report();
    const families = await scrape();
    shop.finishReport();
    await running;

    for (const family of BALLAST_METRICS) {
      const parsed = families.get(family.name);
      expect(parsed?.type).toBe(family.type);
      expect(parsed?.help).toBe(family.help);
      expect(parsed!.samples.length).toBeGreaterThan(0);
      for (const sample of parsed!.samples) {
        const expected = sample.name.endsWith('_bucket')
          ? [...family.labelNames, 'le']
          : family.labelNames;
        expect(Object.keys(sample.labels)).toEqual(expected);
      }
    }
  });

  it('counts calls by outcome, retries by kind, timeouts, fallbacks, flag evaluations and dropped log lines', async () => {
    await shop.quote();
    shop.quoteFailures = 1;
    await settle(shop.quote(), 10);
    shop.quoteFailures = 5;
    expect(await settle(shop.quote(), 20)).toMatchObject({ code: 'BALLAST_ERR_RETRY_EXHAUSTED' });
    await expect(shop.latest()).resolves.toBe('cached');
    expect(await settle(shop.slow(), 100)).toMatchObject({ code: 'BALLAST_ERR_TIMEOUT' });
    await expect(shop.search()).resolves.toBeUndefined();
    await expect(runInContext({ user: { key: 'beta' } }, () => shop.search())).resolves.toBe(
      'new results',
    );
    await shop.export();
    await expect(shop.export()).rejects.toMatchObject({ code: 'BALLAST_ERR_RATE_LIMITED' });
    await expect(shop.export()).rejects.toMatchObject({ code: 'BALLAST_ERR_RATE_LIMITED' });

    const m = await scrape();
    const calls = (method: string, outcome: string): number | undefined =>
      sampleValue(m, 'ballast_calls_total', { service: 'Shop', method, outcome });
    expect([calls('quote', 'success'), calls('quote', 'error'), calls('quote', 'timeout')]).toEqual(
      [2, 1, 0],
    );
    expect([
      calls('latest', 'success'),
      calls('slow', 'timeout'),
      calls('search', 'success'),
    ]).toEqual([1, 1, 1]);

    const retries = (kind: string): number | undefined =>
      sampleValue(m, 'ballast_retry_calls_total', { policy: 'quote', kind });
    expect(retries('successful_without_retry')).toBe(1);
    expect(retries('successful_with_retry')).toBe(1);
    expect(retries('failed_without_retry')).toBe(0);
    expect(retries('failed_with_retry')).toBe(1);
    expect(sampleValue(m, 'ballast_retry_budget_exhausted_total', { policy: 'quote' })).toBe(0);

    expect(sampleValue(m, 'ballast_timeouts_total', { policy: 'Shop.slow' })).toBe(1);
    expect(sampleValue(m, 'ballast_fallback_total', { policy: 'Shop.latest' })).toBe(1);
    expect(sampleValue(m, 'ballast_ratelimit_rejected_total', { limiter: 'export' })).toBe(2);
    // One token a minute, spent by the first export: none free, nobody waits (no maxWait).
    expect(sampleValue(m, 'ballast_ratelimit_available_tokens', { limiter: 'export' })).toBe(0);
    expect(sampleValue(m, 'ballast_ratelimit_waiting', { limiter: 'export' })).toBe(0);

    const flag = (variant: string, reason: string): number | undefined =>
      sampleValue(m, 'ballast_feature_flag_evaluations_total', {
        flag: 'new-search',
        variant,
        reason,
      });
    expect(flag('off', 'DEFAULT')).toBe(1);
    expect(flag('on', 'TARGETING_MATCH')).toBe(1);

    // quote ×3, latest, slow and the flagged-on search wrote one line each; the sink is unusable.
    expect(sampleValue(m, 'ballast_log_dropped_total', { logger: 'app' })).toBe(6);
    const sinkErrors = sampleValue(m, 'ballast_log_sink_errors_total', { logger: 'app' });
    expect(sinkErrors).toBeGreaterThan(0);
    expect(sinkErrors).toBe(logger.statistics().sinkErrors);
  });

  it('counts hedges, cache lookups, evictions and stale values, and guard violations', async () => {
    shop.stockDelays = [100]; // the first attempt is slow: the hedge at 10 ms answers first
    await settle(shop.stock(), 20);
    await settle(shop.stock(), 0);
    await shop.lookup('a');
    await shop.lookup('a');
    await Promise.all([shop.lookup('b'), shop.lookup('b')]);
    await shop.lookup('c'); // two entries at most: one goes
    await expect(shop.lookup(null)).rejects.toMatchObject({
      code: 'BALLAST_ERR_CONTRACT_VIOLATION',
    });

    const m = await scrape();
    const value = (family: string, labels: Record<string, string>): number | undefined =>
      sampleValue(m, family, labels);
    const stock = { policy: 'stock' };
    expect([
      value('ballast_hedge_calls_total', stock),
      value('ballast_hedge_attempts_total', stock),
      value('ballast_hedge_wins_total', stock),
      value('ballast_hedge_budget_exhausted_total', stock),
      value('ballast_hedge_delay_seconds', stock),
    ]).toEqual([2, 1, 1, 0, 0.01]);
    const lookup = (result: string): number | undefined =>
      value('ballast_cache_lookups_total', { policy: 'lookup', result });
    expect([lookup('hit'), lookup('miss'), lookup('coalesced')]).toEqual([1, 3, 1]);
    expect(value('ballast_cache_evictions_total', { policy: 'lookup' })).toBe(1);
    expect(value('ballast_cache_entries', { policy: 'lookup' })).toBe(2);
    expect(value('ballast_cache_bytes', { policy: 'lookup' })).toBeGreaterThan(0);
    expect(value('ballast_cache_stale_served_total', { policy: 'lookup' })).toBe(0);
    const violations = (subject: string, action: string): number | undefined =>
      value('ballast_guard_violations_total', { policy: 'lookup', subject, action });
    expect([violations('argument', 'rejected'), violations('result', 'rejected')]).toEqual([1, 0]);
  });

  it('shows a circuit breaker opening and closing again, one state series set to 1', async () => {
    const states = (families: Map<string, ParsedFamily>): Record<string, number> =>
      Object.fromEntries(
        families
          .get('ballast_circuitbreaker_state')!
          .samples.filter((s) => s.labels.breaker === 'charge')
          .map((s) => [s.labels.state!, s.value]),
      );
    await shop.charge();
    expect(states(await scrape())).toEqual({
      closed: 1,
      open: 0,
      half_open: 0,
      forced_open: 0,
      disabled: 0,
      metrics_only: 0,
    });

    shop.chargeFails = true;
    await expect(shop.charge()).rejects.toThrow('payments down');
    await expect(shop.charge()).rejects.toThrow('payments down');
    await expect(shop.charge()).rejects.toBeInstanceOf(CircuitOpenError);
    let m = await scrape();
    expect(states(m)).toMatchObject({ closed: 0, open: 1, half_open: 0 });
    const kinds = (families: Map<string, ParsedFamily>, kind: string): number | undefined =>
      sampleValue(families, 'ballast_circuitbreaker_calls_total', { breaker: 'charge', kind });
    expect([kinds(m, 'successful'), kinds(m, 'failed'), kinds(m, 'not_permitted')]).toEqual([
      1, 2, 1,
    ]);
    // While open, the rates are those of the calls that opened it (two failures in a row).
    const rates = (families: Map<string, ParsedFamily>): (number | undefined)[] => [
      sampleValue(families, 'ballast_circuitbreaker_failure_rate', { breaker: 'charge' }),
      sampleValue(families, 'ballast_circuitbreaker_slow_call_rate', { breaker: 'charge' }),
    ];
    expect(rates(m)).toEqual([100, 0]);

    await jest.advanceTimersByTimeAsync(1_000);
    shop.chargeFails = false;
    await expect(shop.charge()).resolves.toBe('charged');
    m = await scrape();
    expect(states(m)).toMatchObject({ closed: 1, open: 0, half_open: 0 });
    expect([kinds(m, 'successful'), kinds(m, 'failed'), kinds(m, 'not_permitted')]).toEqual([
      2, 2, 1,
    ]);
    expect(rates(m)).toEqual([0, 0]); // closed again: a new, empty window
    expect(
      sampleValue(m, 'ballast_circuitbreaker_keys', { breaker: 'charge', state: 'closed' }),
    ).toBe(1);
    expect(
      sampleValue(m, 'ballast_calls_total', {
        service: 'Shop',
        method: 'charge',
        outcome: 'error',
      }),
    ).toBe(3);
  });

  it('renders the call-duration histogram with cumulative buckets, +Inf equal to _count, and _sum', async () => {
    shop.quoteFailures = 1;
    await settle(shop.quote(), 10); // 10 ms: one backoff
    await settle(shop.slow(), 100); // 100 ms: the time limit
    await settle(shop.slow(), 100);
    const m = await scrape();
    const bucket = (method: string, le: string): number | undefined =>
      sampleValue(m, 'ballast_call_duration_seconds_bucket', { service: 'Shop', method, le });
    expect([
      bucket('slow', '0.05'),
      bucket('slow', '0.1'),
      bucket('slow', '10'),
      bucket('slow', '+Inf'),
    ]).toEqual([0, 2, 2, 2]);
    expect([bucket('quote', '0.005'), bucket('quote', '0.01'), bucket('quote', '+Inf')]).toEqual([
      0, 1, 1,
    ]);
    expect(
      sampleValue(m, 'ballast_call_duration_seconds_count', { service: 'Shop', method: 'slow' }),
    ).toBe(2);
    expect(
      sampleValue(m, 'ballast_call_duration_seconds_sum', { service: 'Shop', method: 'slow' }),
    ).toBeCloseTo(0.2, 9);

    const les = m
      .get('ballast_call_duration_seconds')!
      .samples.filter((s) => s.name.endsWith('_bucket') && s.labels.method === 'slow')
      .map((s) => s.labels.le);
    expect(les).toEqual([
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '+Inf',
    ]);
  });

  it('reads the free slots of a bulkhead at scrape time', async () => {
    const first = shop.report();
    const m = await scrape();
    expect(sampleValue(m, 'ballast_bulkhead_available', { bulkhead: 'reports' })).toBe(1);
    shop.finishReport();
    await first;
    expect(sampleValue(await scrape(), 'ballast_bulkhead_available', { bulkhead: 'reports' })).toBe(
      2,
    );
  });
});
