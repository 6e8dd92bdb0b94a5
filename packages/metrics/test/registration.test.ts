import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  createRuntime,
  type Runtime,
  RuntimeDisposedError,
  weave,
} from '@ballast/core';
import { flagsOf } from '@ballast/flags';
import { Retry, retryStatistics } from '@ballast/resilience';
import { callStatistics, SafeLog } from '@ballast/safe-log';
import { Counter, type OpenMetricsContentType, Registry } from 'prom-client';
import { registerBallastMetrics } from '../src/index.js';
import { parseExposition, sampleValue } from './parseExposition.js';

class Catalogue {
  @SafeLog({ successLevel: 'off' })
  @Retry({ name: 'catalogue', budget: false })
  async list(): Promise<string[]> {
    return ['a'];
  }
}

let runtime: Runtime;
let registry: Registry;

beforeEach(() => {
  runtime = createRuntime();
  registry = new Registry();
});

afterEach(() => runtime.dispose());

function retried(text: string): number | undefined {
  return sampleValue(parseExposition(text), 'ballast_retry_calls_total', {
    policy: 'catalogue',
    kind: 'successful_without_retry',
  });
}

describe('registerBallastMetrics registration', () => {
  it('is harmless to register the same runtime twice: same handle, no duplicate series', async () => {
    const first = registerBallastMetrics(runtime, { registry });
    const second = registerBallastMetrics(runtime, { registry });
    expect(second).toBe(first);
    await weave(new Catalogue(), runtime).list();
    const text = await registry.metrics();
    expect(retried(text)).toBe(1); // sampleValue throws on a duplicated series
    expect(text.match(/^# TYPE ballast_calls_total /gm)).toHaveLength(1);
    expect(text.match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1);
  });

  it('adds prom-client default Node metrics unless told not to, with their options', async () => {
    registerBallastMetrics(runtime, { registry });
    expect(await registry.metrics()).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    const bare = new Registry();
    registerBallastMetrics(runtime, { registry: bare, defaultMetrics: false });
    expect(await bare.metrics()).not.toContain('process_cpu_user_seconds_total');
    const prefixed = new Registry();
    registerBallastMetrics(runtime, { registry: prefixed, defaultMetrics: { prefix: 'app_' } });
    expect(await prefixed.metrics()).toContain('app_process_cpu_user_seconds_total');
  });

  it('sums the series of several runtimes registered on one registry', async () => {
    const other = createRuntime();
    try {
      registerBallastMetrics(runtime, { registry, defaultMetrics: false });
      registerBallastMetrics(other, { registry, defaultMetrics: false });
      await weave(new Catalogue(), runtime).list();
      await weave(new Catalogue(), other).list();
      await weave(new Catalogue(), other).list();
      expect(retried(await registry.metrics())).toBe(3);
    } finally {
      other.dispose();
    }
  });

  it('stops reading a runtime at dispose and removes the families with the last one', async () => {
    const other = createRuntime();
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    registerBallastMetrics(other, { registry, defaultMetrics: false });
    await weave(new Catalogue(), other).list();
    other.dispose();
    const text = await registry.metrics();
    expect(text).toContain('# TYPE ballast_calls_total counter');
    expect(retried(text)).toBeUndefined();
    runtime.dispose();
    expect(await registry.metrics()).not.toContain('ballast_');
    expect(() => registerBallastMetrics(runtime, { registry })).toThrow(RuntimeDisposedError);
    expect(await registry.metrics()).not.toContain('ballast_');
  });

  it('registers again after registry.clear() and after unregister()', async () => {
    const handle = registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    registry.clear();
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    expect(await registry.metrics()).toContain('# TYPE ballast_calls_total counter');
    handle.unregister();
    handle.unregister();
    expect(await registry.metrics()).not.toContain('ballast_');
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    expect(await registry.metrics()).toContain('# TYPE ballast_calls_total counter');
  });

  it('refuses a foreign metric already using a ballast name, and bad options, with ConfigError', () => {
    new Counter({ name: 'ballast_fallback_total', help: 'mine', registers: [registry] });
    expect(() => registerBallastMetrics(runtime, { registry })).toThrow(ConfigError);
    expect(() => registerBallastMetrics(runtime, { registry })).toThrow(/"ballast_fallback_total"/);
    const options = { registry: new Registry(), defaultMetrics: 'yes' } as unknown as Parameters<
      typeof registerBallastMetrics
    >[1];
    expect(() => registerBallastMetrics(runtime, options)).toThrow(/defaultMetrics/);
    expect(() => registerBallastMetrics(runtime, { registry: {} as Registry })).toThrow(
      /prom-client Registry/,
    );
    expect(() => registerBallastMetrics(runtime, { registry, colour: 'red' } as never)).toThrow(
      ConfigError,
    );
  });

  it('declares counters as counters in OpenMetrics output too', async () => {
    const open = new Registry<OpenMetricsContentType>();
    open.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    registerBallastMetrics(runtime, { registry: open, defaultMetrics: false });
    await weave(new Catalogue(), runtime).list();
    const text = await open.metrics();
    expect(text).toContain('# TYPE ballast_retry_calls counter');
    expect(text).toContain(
      'ballast_retry_calls_total{policy="catalogue",kind="successful_without_retry"} 1',
    );
    expect(text).toContain('# TYPE ballast_call_duration_seconds histogram');
  });

  it('escapes label values taken from names (quotes, backslashes, newlines)', async () => {
    class Odd {
      @Retry({ name: 'say "hi"\\now\nplease', budget: false })
      async run(): Promise<void> {}
    }
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    await weave(new Odd(), runtime).run();
    const text = await registry.metrics();
    expect(text).toContain('policy="say \\"hi\\"\\\\now\\nplease"');
    const kind = { policy: 'say "hi"\\now\nplease', kind: 'successful_without_retry' };
    expect(sampleValue(parseExposition(text), 'ballast_retry_calls_total', kind)).toBe(1);
  });

  it('ignores registry.resetMetrics(): the totals belong to the aspects', async () => {
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    await weave(new Catalogue(), runtime).list();
    registry.resetMetrics();
    expect(retried(await registry.metrics())).toBe(1);
  });
});

describe('registerBallastMetrics never records non-finite values', () => {
  it('leaves out NaN and Infinity statistics and keeps the finite series', async () => {
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    const service = weave(new Catalogue(), runtime);
    await service.list();
    const retry = retryStatistics(runtime).get('catalogue') as {
      failedWithRetry: number;
      budgetExhausted: number;
    };
    retry.failedWithRetry = Number.NaN;
    retry.budgetExhausted = Number.POSITIVE_INFINITY;
    const calls = callStatistics(runtime)[0]!;
    (calls.duration as { sum: number }).sum = Number.NaN;
    (calls.calls as Record<string, number>).error = Number.NEGATIVE_INFINITY;

    const text = await registry.metrics();
    const values = parseExposition(text);
    for (const family of values.values()) {
      for (const sample of family.samples) expect(Number.isFinite(sample.value)).toBe(true);
    }
    expect(text.replaceAll('le="+Inf"', '')).not.toMatch(/NaN|Inf/);
    expect(
      sampleValue(values, 'ballast_retry_calls_total', {
        policy: 'catalogue',
        kind: 'failed_with_retry',
      }),
    ).toBeUndefined();
    expect(
      sampleValue(values, 'ballast_retry_budget_exhausted_total', { policy: 'catalogue' }),
    ).toBeUndefined();
    expect(retried(text)).toBe(1);
    // A histogram with a bad sum is left out whole, never rendered half-consistent.
    expect(values.get('ballast_call_duration_seconds')!.samples).toHaveLength(0);
    expect(
      sampleValue(values, 'ballast_calls_total', {
        service: 'Catalogue',
        method: 'list',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      sampleValue(values, 'ballast_calls_total', {
        service: 'Catalogue',
        method: 'list',
        outcome: 'error',
      }),
    ).toBeUndefined();
  });

  it('serves the rest of the scrape when one statistics source throws, and counts the failure', async () => {
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    await weave(new Catalogue(), runtime).list();
    const statistics = flagsOf(runtime).statistics;
    statistics.counts = () => {
      throw new Error('broken source');
    };
    await registry.metrics();
    const values = parseExposition(await registry.metrics());
    expect(sampleValue(values, 'ballast_metrics_collect_errors_total', { section: 'flags' })).toBe(
      2,
    );
    expect(
      sampleValue(values, 'ballast_metrics_collect_errors_total', { section: 'fallback' }),
    ).toBe(0);
    expect(retried(await registry.metrics())).toBe(1);
  });
});
