import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { ConstantBackoff, Retry } from '@ballast/resilience';
import { metrics, trace } from '@opentelemetry/api';
import { instrumentRuntime } from '../src/index.js';
import { TelemetryHarness } from './telemetryHarness.js';

class Inventory {
  calls = 0;

  @Retry({ name: 'inventory', backoff: new ConstantBackoff(0), budget: false })
  async stock(): Promise<number> {
    this.calls++;
    if (this.calls % 2 === 1) throw new Error('flaky');
    return 7;
  }
}

let telemetry: TelemetryHarness;
let runtime: Runtime;

beforeEach(() => {
  trace.disable();
  metrics.disable();
  telemetry = new TelemetryHarness();
  runtime = createRuntime();
});

afterEach(async () => {
  runtime.dispose();
  trace.disable();
  metrics.disable();
  await telemetry.shutdown();
});

describe('instrumentRuntime with the global providers', () => {
  it('makes no span and listens to no event while no SDK is registered, and traces once one is', async () => {
    instrumentRuntime(runtime);
    const inventory = weave(new Inventory(), runtime);
    await expect(inventory.stock()).resolves.toBe(7); // retried once
    expect(runtime.events.has('retry.attempt')).toBe(false);

    trace.setGlobalTracerProvider(telemetry.tracerProvider);
    await expect(inventory.stock()).resolves.toBe(7);

    expect(telemetry.finished().map((span) => span.name)).toEqual(['Inventory.stock']);
    expect(telemetry.finished()[0]!.attributes['ballast.attempts']).toBe(2);
    expect(runtime.events.has('retry.attempt')).toBe(true);
  });

  it('takes the meter provider registered when it runs (the API has no proxy for meters)', async () => {
    instrumentRuntime(runtime);
    metrics.setGlobalMeterProvider(telemetry.meterProvider);
    await weave(new Inventory(), runtime).stock();
    expect(await telemetry.collect(true)).toEqual(new Map());

    const later = createRuntime();
    instrumentRuntime(later);
    await weave(new Inventory(), later).stock();
    expect((await telemetry.collect()).get('ballast_retry_calls_total')).toEqual([
      { attributes: { policy: 'inventory', kind: 'successful_with_retry' }, value: 1 },
    ]);
    later.dispose();
  });

  it('stops tracing, listening and reading statistics on disable() and on dispose()', async () => {
    trace.setGlobalTracerProvider(telemetry.tracerProvider);
    metrics.setGlobalMeterProvider(telemetry.meterProvider);
    const instrumentation = instrumentRuntime(runtime);
    const inventory = weave(new Inventory(), runtime);
    await inventory.stock();
    expect(runtime.events.has('retry.attempt')).toBe(true);

    instrumentation.disable();
    await inventory.stock();
    expect(telemetry.finished()).toHaveLength(1);
    expect(runtime.events.has('retry.attempt')).toBe(false);
    expect(await telemetry.collect(true)).toEqual(new Map());
    expect(() => instrumentRuntime(runtime)).not.toThrow(); // a disabled one can be replaced

    runtime.dispose();
    expect(await telemetry.collect(true)).toEqual(new Map());
  });
});
