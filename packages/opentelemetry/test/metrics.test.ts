import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { flagsOf } from '@ballast/flags';
import { ConstantBackoff, Retry } from '@ballast/resilience';
import { DURATION_BUCKETS_SECONDS, SafeLog } from '@ballast/safe-log';
import { LogCapture, ManualClock } from '@ballast/testing';
import {
  type DataPoint,
  DataPointType,
  type Histogram,
  InstrumentType,
} from '@opentelemetry/sdk-metrics';
import { BALLAST_INSTRUMENTS, instrumentRuntime } from '../src/index.js';
import { TelemetryHarness } from './telemetryHarness.js';

class Stock {
  calls = 0;

  @Retry({ name: 'stock', backoff: new ConstantBackoff(0), budget: false })
  async level(): Promise<number> {
    if (this.calls++ === 0) throw new Error('cold cache');
    return 3;
  }
}

let telemetry: TelemetryHarness;
const runtimes: Runtime[] = [];

function instrumented(): Runtime {
  const runtime = createRuntime();
  runtimes.push(runtime);
  instrumentRuntime(runtime, { meterProvider: telemetry.meterProvider, tracing: false });
  return runtime;
}

beforeEach(() => {
  telemetry = new TelemetryHarness();
});

afterEach(async () => {
  for (const runtime of runtimes.splice(0)) runtime.dispose();
  await telemetry.shutdown();
});

describe('BALLAST_INSTRUMENTS', () => {
  it('has units the Prometheus translation adds nothing for (seconds and bytes already named, annotations dropped)', () => {
    for (const { name, unit } of BALLAST_INSTRUMENTS) {
      if (name.endsWith('_seconds')) expect(unit).toBe('s');
      else if (name.endsWith('_bytes')) expect(unit).toBe('By');
      else expect(unit).toMatch(/^\{[a-z]+\}$/);
    }
  });
});

describe('instrumentRuntime metrics', () => {
  it('exports observable counters and gauges with their units, read at collection time', async () => {
    const runtime = instrumented();
    await weave(new Stock(), runtime).level();
    const { resourceMetrics } = await telemetry.reader.collect();
    const descriptors = new Map(
      resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .map((metric) => [metric.descriptor.name, metric.descriptor]),
    );
    expect(descriptors.get('ballast_retry_calls_total')).toMatchObject({
      type: InstrumentType.OBSERVABLE_COUNTER,
      unit: '{call}',
    });
    expect(descriptors.get('ballast_metrics_collect_errors_total')).toMatchObject({
      type: InstrumentType.OBSERVABLE_COUNTER,
      unit: '{error}',
    });
    expect(resourceMetrics.scopeMetrics[0]!.scope).toMatchObject({
      name: '@ballast/opentelemetry',
    });
  });

  it('combines several runtimes on one meter into one series, as the Prometheus exporter does', async () => {
    const first = instrumented();
    const second = instrumented();
    await weave(new Stock(), first).level();
    await weave(new Stock(), second).level();
    const kind = { policy: 'stock', kind: 'successful_with_retry' };
    expect((await telemetry.collect()).get('ballast_retry_calls_total')).toEqual([
      { attributes: kind, value: 2 },
    ]);
    second.dispose();
    expect((await telemetry.collect()).get('ballast_retry_calls_total')).toEqual([
      { attributes: kind, value: 1 },
    ]);
  });

  it('still reports the rest when a statistics source throws, and counts the failure', async () => {
    const runtime = instrumented();
    await weave(new Stock(), runtime).level();
    flagsOf(runtime).statistics.counts = () => {
      throw new Error('broken source');
    };
    await telemetry.collect();
    const metrics = await telemetry.collect();
    expect(metrics.get('ballast_metrics_collect_errors_total')).toEqual([
      { attributes: { section: 'flags' }, value: 2 },
    ]);
    expect(metrics.get('ballast_retry_calls_total')).toHaveLength(1);
  });

  it("records the durations of @SafeLog calls with SafeLog's buckets, and leaves other methods alone", async () => {
    const clock = new ManualClock();
    const runtime = createRuntime({ clock });
    runtimes.push(runtime);
    instrumentRuntime(runtime, { meterProvider: telemetry.meterProvider, tracing: false });
    const logs = new LogCapture();
    class Reports {
      @SafeLog({ logger: { log: (level, message) => logs.record({ level, message }) } })
      async render(): Promise<string> {
        await new Promise<void>((resolve) => clock.setTimer(resolve, 300));
        return 'report';
      }
    }
    const reports = weave(new Reports(), runtime);
    const rendered = reports.render();
    await clock.advanceAsync(300);
    await expect(rendered).resolves.toBe('report');
    await weave(new Stock(), runtime).level();

    const { resourceMetrics } = await telemetry.reader.collect();
    const histograms = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .filter((metric) => metric.dataPointType === DataPointType.HISTOGRAM);
    expect(histograms.map((metric) => metric.descriptor)).toEqual([
      expect.objectContaining({ name: 'ballast_call_duration_seconds', unit: 's' }),
    ]);
    const [point] = histograms[0]!.dataPoints as DataPoint<Histogram>[];
    expect(point!.attributes).toEqual({ service: 'Reports', method: 'render' });
    expect(point!.value).toMatchObject({ count: 1, sum: 0.3 });
    expect(point!.value.buckets.boundaries).toEqual(DURATION_BUCKETS_SECONDS);
    expect(logs.withMessage('Reports.render')).toHaveLength(1);
  });
});
