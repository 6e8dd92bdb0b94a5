import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AspectPrecedence, createRuntime, type Runtime, runInContext, weave } from '@ballast/core';
import {
  breakerStatistics,
  Cache,
  cacheStatistics,
  CircuitBreaker,
  ConstantBackoff,
  Fallback,
  Guard,
  Hedge,
  nonNull,
  Retry,
  retryStatistics,
} from '@ballast/resilience';
import { ManualClock } from '@ballast/testing';
import { PendingCalls } from './fixtures/pendingCalls.js';

const dependency = new PendingCalls<string>();

/**
 * Guard, Cache and Hedge among the aspects they sit between, written innermost first: the
 * reverse of Guard ( Fallback ( Cache ( Retry ( Hedge ( CircuitBreaker ( method )))))).
 */
class Stock {
  @CircuitBreaker({ name: 'stock' })
  @Hedge({ name: 'stock', idempotent: true, delayMs: 50, budget: false })
  @Retry({ name: 'stock', maxAttempts: 2, backoff: new ConstantBackoff(0), budget: false })
  @Cache({ name: 'stock', ttlMs: 1_000 })
  @Fallback({ name: 'stock', value: 'unknown' })
  @Guard({ name: 'stock', args: [nonNull] })
  async level(sku: string | null): Promise<string> {
    return dependency.fn(sku);
  }
}

describe('Guard, Cache and Hedge in the fixed order', () => {
  let clock: ManualClock;
  let runtime: Runtime;
  let stock: Stock;
  beforeEach(() => {
    clock = new ManualClock(0);
    runtime = createRuntime({ clock });
    stock = weave(new Stock(), runtime);
    dependency.calls.length = 0;
  });
  afterEach(() => runtime.dispose());

  it('has the documented precedences', () => {
    const order = Object.entries(AspectPrecedence)
      .sort(([, a], [, b]) => a - b)
      .map(([name]) => name);
    expect(order.join(' ( ')).toBe(
      'FeatureFlag ( SafeLog ( Guard ( Fallback ( Cache ( Retry ( Hedge ( CircuitBreaker ( RateLimit ( Timeout ( Bulkhead',
    );
  });

  it('refuses a bad argument before the fallback, the cache key, a retry or a permit', async () => {
    await expect(stock.level(null)).rejects.toMatchObject({
      code: 'BALLAST_ERR_CONTRACT_VIOLATION',
    });
    expect(dependency.calls).toHaveLength(0);
    expect(cacheStatistics(runtime).get('stock')).toMatchObject({ misses: 0, keyErrors: 0 });
    expect(breakerStatistics(runtime).get('stock')?.calls.successful ?? 0).toBe(0);
  });

  it('answers a hit before any retry, hedge or permit', async () => {
    const first = stock.level('a');
    await clock.advanceAsync(0);
    dependency.at(0).resolve('7');
    await first;
    expect(await stock.level('a')).toBe('7');
    expect(retryStatistics(runtime).get('stock')?.successfulWithoutRetry).toBe(1);
    expect(breakerStatistics(runtime).get('stock')?.calls.successful).toBe(1);
  });

  it('sends a hedged attempt through the breaker, inside the retry', async () => {
    const pending = runInContext({ requestId: 'r-1' }, () => stock.level('b'));
    await clock.advanceAsync(50);
    expect(dependency.calls).toHaveLength(2);
    dependency.at(1).resolve('3');
    expect(await pending).toBe('3');
    const loser = dependency.at(0);
    loser.reject(loser.signal!.reason); // the first attempt gives up when its signal aborts
    await clock.advanceAsync(0);
    expect(breakerStatistics(runtime).get('stock')?.calls).toMatchObject({
      successful: 1,
      failed: 0,
      cancelled: 1,
    });
    expect(retryStatistics(runtime).get('stock')?.successfulWithoutRetry).toBe(1);
  });

  it('never caches the fallback value: it sits outside the cache', async () => {
    const failing = stock.level('c');
    await clock.advanceAsync(0);
    dependency.at(0).reject(new Error('down'));
    await clock.advanceAsync(0);
    dependency.at(1).reject(new Error('down'));
    expect(await failing).toBe('unknown');
    const next = stock.level('c');
    await clock.advanceAsync(0);
    expect(dependency.calls).toHaveLength(3);
    dependency.at(2).resolve('9');
    expect(await next).toBe('9');
  });
});
