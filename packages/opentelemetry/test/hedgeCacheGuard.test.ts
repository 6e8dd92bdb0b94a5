import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { Cache, Guard, Hedge } from '@ballast/resilience';
import { ManualClock } from '@ballast/testing';
import { SpanStatusCode } from '@opentelemetry/api';
import { instrumentRuntime } from '../src/index.js';
import { TelemetryHarness } from './telemetryHarness.js';

const { events } = TelemetryHarness;

/** The first attempt never answers; a hedged one answers at once. */
class Stock {
  attempts = 0;

  @Hedge({ name: 'stock', idempotent: true, delayMs: 50, budget: false })
  async level(sku: string): Promise<string> {
    if (++this.attempts === 1) return new Promise(() => {});
    return `${sku}: 7`;
  }
}

/** Answers until `down`, then fails: the cache serves its stale value. */
class Prices {
  down = false;

  @Cache({ name: 'prices', ttlMs: 1_000, staleIfErrorMs: 10_000 })
  async price(sku: string): Promise<number> {
    if (this.down) throw new Error(`pricing down for ${sku}`);
    return 12;
  }

  @Guard({ name: 'prices.set', args: 'nonNull' })
  async set(sku: string | null, cents: number): Promise<string> {
    return `${sku} = ${cents}`;
  }
}

let telemetry: TelemetryHarness;
let clock: ManualClock;
let runtime: Runtime;

beforeEach(() => {
  telemetry = new TelemetryHarness();
  clock = new ManualClock();
  runtime = createRuntime({ clock });
  instrumentRuntime(runtime, {
    tracerProvider: telemetry.tracerProvider,
    meterProvider: telemetry.meterProvider,
  });
});

afterEach(async () => {
  runtime.dispose();
  await telemetry.shutdown();
});

describe('instrumentRuntime: hedge, cache and guard outcomes (issue 17)', () => {
  it('tells a call a hedged attempt answered, with its metric points', async () => {
    const stock = weave(new Stock(), runtime);
    const level = stock.level('sku-1');
    await clock.advanceAsync(50);
    await expect(level).resolves.toBe('sku-1: 7');

    const [span] = telemetry.finished();
    expect(span!.attributes['ballast.outcome']).toBe('success');
    expect(events(span!)).toEqual([
      [
        'ballast.hedge',
        { 'ballast.hedge.number': 1, 'ballast.hedge.delay_ms': 50, 'ballast.policy': 'stock' },
      ],
      [
        'ballast.hedge.won',
        { 'ballast.hedge.number': 1, 'ballast.hedge.elapsed_ms': 50, 'ballast.policy': 'stock' },
      ],
    ]);
    const metrics = await telemetry.collect();
    for (const name of [
      'ballast_hedge_calls_total',
      'ballast_hedge_attempts_total',
      'ballast_hedge_wins_total',
    ])
      expect(metrics.get(name)).toEqual([{ attributes: { policy: 'stock' }, value: 1 }]);
  });

  it('tells how the cache answered each call: a miss, a hit, then a stale value when the load fails', async () => {
    const prices = weave(new Prices(), runtime);
    await prices.price('sku-1');
    await prices.price('sku-1');
    await clock.advanceAsync(1_500);
    prices.down = true;
    await expect(prices.price('sku-1')).resolves.toBe(12);

    const [miss, hit, stale] = telemetry.finished();
    const lookup = (result: string) => [
      'ballast.cache.lookup',
      { 'ballast.cache.result': result, 'ballast.policy': 'prices' },
    ];
    expect(events(miss!)).toEqual([lookup('miss')]);
    expect(events(hit!)).toEqual([lookup('hit')]);
    expect(events(stale!)).toEqual([
      lookup('miss'),
      [
        'ballast.cache.stale_served',
        {
          'ballast.cache.stale_reason': 'error',
          'ballast.cache.stale_ms': 500,
          'ballast.policy': 'prices',
        },
      ],
    ]);
    const metrics = await telemetry.collect();
    expect(metrics.get('ballast_cache_lookups_total')).toEqual([
      { attributes: { policy: 'prices', result: 'hit' }, value: 1 },
      { attributes: { policy: 'prices', result: 'miss' }, value: 2 },
    ]);
    expect(metrics.get('ballast_cache_stale_served_total')).toEqual([
      { attributes: { policy: 'prices' }, value: 1 },
    ]);
  });

  it('tells a call a guard refused for its argument', async () => {
    const prices = weave(new Prices(), runtime);
    await expect(prices.set(null, 100)).rejects.toMatchObject({
      code: 'BALLAST_ERR_CONTRACT_VIOLATION',
    });

    const [span] = telemetry.finished();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('BALLAST_ERR_CONTRACT_VIOLATION');
    expect(events(span!)).toEqual([
      [
        'ballast.guard.violation',
        {
          'ballast.guard.subject': 'argument',
          'ballast.guard.argument_index': 0,
          'ballast.guard.action': 'rejected',
          'ballast.policy': 'prices.set',
        },
      ],
    ]);
    expect((await telemetry.collect()).get('ballast_guard_violations_total')).toEqual([
      { attributes: { policy: 'prices.set', subject: 'argument', action: 'rejected' }, value: 1 },
    ]);
  });
});
