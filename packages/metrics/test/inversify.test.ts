import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { Fallback, Retry } from '@ballast/resilience';
import { SafeLog } from '@ballast/safe-log';
import { Container, injectable } from 'inversify';
import { Registry } from 'prom-client';
import { registerBallastMetrics } from '../src/index.js';
import { parseExposition, sampleValue } from './parseExposition.js';

@injectable()
class Prices {
  @SafeLog({ successLevel: 'off', errorLevel: 'debug' })
  @Fallback({ value: 0 })
  @Retry({ name: 'prices', maxAttempts: 1, budget: false })
  async price(sku: string): Promise<number> {
    if (sku === 'unknown') throw new Error('no price');
    return sku.length;
  }
}

let runtime: Runtime;
beforeEach(() => {
  runtime = createRuntime();
});
afterEach(() => runtime.dispose());

describe('metrics of services woven by an inversify container', () => {
  it('counts calls of a service the container wove at activation', async () => {
    const container = new Container();
    container.bind(Prices).toSelf().inSingletonScope();
    container.onActivation(Prices, (_context, service) => weave(service, runtime));
    const registry = new Registry();
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });

    const prices = container.get(Prices);
    await expect(prices.price('sku-1')).resolves.toBe(5);
    await expect(prices.price('unknown')).resolves.toBe(0);

    const m = parseExposition(await registry.metrics());
    expect(
      sampleValue(m, 'ballast_calls_total', {
        service: 'Prices',
        method: 'price',
        outcome: 'success',
      }),
    ).toBe(2);
    expect(sampleValue(m, 'ballast_fallback_total', { policy: 'Prices.price' })).toBe(1);
    expect(
      sampleValue(m, 'ballast_retry_calls_total', {
        policy: 'prices',
        kind: 'failed_without_retry',
      }),
    ).toBe(1);
    expect(
      sampleValue(m, 'ballast_call_duration_seconds_count', { service: 'Prices', method: 'price' }),
    ).toBe(2);
  });
});
