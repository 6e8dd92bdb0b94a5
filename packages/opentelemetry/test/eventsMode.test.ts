import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { ConstantBackoff, Fallback, Retry } from '@ballast/resilience';
import { instrumentRuntime } from '../src/index.js';
import { TelemetryHarness } from './telemetryHarness.js';

class Catalogue {
  failures = 0;

  @Fallback({ name: 'catalogue', value: [] })
  @Retry({ name: 'catalogue', maxAttempts: 2, backoff: new ConstantBackoff(0), budget: false })
  async search(query: string): Promise<string[]> {
    if (this.failures-- > 0) throw new TypeError(`index offline for ${query}`);
    return [query];
  }
}

let telemetry: TelemetryHarness;
let runtime: Runtime;

beforeEach(() => {
  telemetry = new TelemetryHarness();
  runtime = createRuntime();
  instrumentRuntime(runtime, { tracerProvider: telemetry.tracerProvider, tracing: 'events' });
});

afterEach(async () => {
  runtime.dispose();
  await telemetry.shutdown();
});

describe("instrumentRuntime with tracing: 'events'", () => {
  it("writes the story of calls that did not simply succeed on the caller's span, naming each call", async () => {
    const catalogue = weave(new Catalogue(), runtime);
    const tracer = telemetry.tracerProvider.getTracer('shop');
    await tracer.startActiveSpan('GET /search', async (request) => {
      await catalogue.search('lamp'); // succeeds: nothing written
      catalogue.failures = 2;
      await catalogue.search('desk'); // two failures, then the fallback
      request.end();
    });

    const spans = telemetry.finished();
    expect(spans.map((span) => span.name)).toEqual(['GET /search']);
    const call = { 'code.function.name': 'Catalogue.search' };
    expect(TelemetryHarness.events(spans[0]!)).toEqual([
      [
        'ballast.retry',
        {
          ...call,
          'ballast.attempt': 1,
          'ballast.retry.delay_ms': 0,
          'ballast.policy': 'catalogue',
          'error.type': 'TypeError',
        },
      ],
      [
        'ballast.retry.give_up',
        {
          ...call,
          'ballast.attempts': 2,
          'ballast.retry.give_up_reason': 'max-attempts',
          'ballast.policy': 'catalogue',
          'error.type': 'TypeError',
        },
      ],
      [
        'ballast.fallback',
        {
          ...call,
          'ballast.policy': 'catalogue',
          'ballast.fallback.source': 'value',
          'error.type': 'BALLAST_ERR_RETRY_EXHAUSTED',
        },
      ],
      ['ballast.call', { ...call, 'ballast.attempts': 2, 'ballast.outcome': 'fallback' }],
    ]);
  });

  it('writes nothing for a call made outside any span', async () => {
    const catalogue = weave(new Catalogue(), runtime);
    catalogue.failures = 1;
    await expect(catalogue.search('chair')).resolves.toEqual(['chair']);
    expect(telemetry.finished()).toEqual([]);
  });
});
