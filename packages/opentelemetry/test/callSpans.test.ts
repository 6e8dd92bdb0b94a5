import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, protect, type Runtime, weave } from '@ballast/core';
import {
  CircuitBreaker,
  ConstantBackoff,
  Fallback,
  Retry,
  retry,
  Timeout,
} from '@ballast/resilience';
import { createSafeLogger, SafeLog, setSafeLogLogger } from '@ballast/safe-log';
import { ManualClock } from '@ballast/testing';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instrumentRuntime, traceLogContext } from '../src/index.js';
import { TelemetryHarness } from './telemetryHarness.js';

const { events } = TelemetryHarness;

function unavailable(): Error {
  return Object.assign(new Error('quote service answered 503'), { code: 'QUOTE_UNAVAILABLE' });
}

/** Fails, hangs past its timeout, fails again: three attempts, then the fallback's price. */
class Quotes {
  attempts = 0;

  @SafeLog()
  @Fallback({ name: 'quotes', value: 'cached price' })
  @Retry({ name: 'quotes', maxAttempts: 3, backoff: new ConstantBackoff(100), budget: false })
  @CircuitBreaker({ name: 'quotes', window: 'consecutive', consecutiveFailures: 10 })
  @Timeout({ name: 'quotes', ms: 50 })
  async quote(_sku: string): Promise<string> {
    this.attempts++;
    if (this.attempts === 2) return new Promise(() => {}); // never answers
    throw unavailable();
  }
}

class Payments {
  @CircuitBreaker({
    name: 'payments',
    window: 'consecutive',
    consecutiveFailures: 2,
    openDuration: 5_000,
  })
  async charge(_cents: number): Promise<string> {
    throw unavailable();
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

describe('instrumentRuntime: a span per woven call', () => {
  it('tells a call retried twice then served by a fallback, with its metric points and log line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otel-quotes-'));
    const file = join(dir, 'app.log');
    const logger = createSafeLogger({ file, context: traceLogContext });
    setSafeLogLogger(runtime, logger);
    const quotes = weave(new Quotes(), runtime);

    const price = quotes.quote('sku-1');
    await clock.advanceAsync(250); // 100 ms delay, 50 ms timeout, 100 ms delay
    await expect(price).resolves.toBe('cached price');

    const [span] = telemetry.finished();
    expect(telemetry.finished()).toHaveLength(1);
    expect(span!.name).toBe('Quotes.quote');
    expect(span!.kind).toBe(SpanKind.INTERNAL);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes).toEqual({
      'code.function.name': 'Quotes.quote',
      'ballast.attempts': 3,
      'ballast.outcome': 'fallback',
    });
    expect(events(span!)).toEqual([
      [
        'ballast.retry',
        {
          'ballast.attempt': 1,
          'ballast.retry.delay_ms': 100,
          'ballast.policy': 'quotes',
          'error.type': 'QUOTE_UNAVAILABLE',
        },
      ],
      ['ballast.timeout', { 'ballast.attempt': 2, 'ballast.timeout.ms': 50 }],
      [
        'ballast.retry',
        {
          'ballast.attempt': 2,
          'ballast.retry.delay_ms': 100,
          'ballast.policy': 'quotes',
          'error.type': 'BALLAST_ERR_TIMEOUT',
        },
      ],
      [
        'ballast.retry.give_up',
        {
          'ballast.attempts': 3,
          'ballast.retry.give_up_reason': 'max-attempts',
          'ballast.policy': 'quotes',
          'error.type': 'QUOTE_UNAVAILABLE',
        },
      ],
      [
        'ballast.fallback',
        {
          'ballast.policy': 'quotes',
          'ballast.fallback.source': 'value',
          'error.type': 'BALLAST_ERR_RETRY_EXHAUSTED',
        },
      ],
    ]);

    const metrics = await telemetry.collect();
    expect(metrics.get('ballast_retry_calls_total')).toEqual([
      { attributes: { policy: 'quotes', kind: 'failed_with_retry' }, value: 1 },
    ]);
    expect(metrics.get('ballast_timeouts_total')).toEqual([
      { attributes: { policy: 'quotes' }, value: 1 },
    ]);
    expect(metrics.get('ballast_fallback_total')).toEqual([
      { attributes: { policy: 'quotes' }, value: 1 },
    ]);
    expect(metrics.get('ballast_circuitbreaker_calls_total')).toEqual([
      { attributes: { breaker: 'quotes', kind: 'failed' }, value: 3 },
    ]);
    expect(metrics.get('ballast_circuitbreaker_state')).toEqual([
      { attributes: { breaker: 'quotes', state: 'closed' }, value: 1 },
    ]);
    expect(metrics.get('ballast_calls_total')).toEqual([
      { attributes: { service: 'Quotes', method: 'quote', outcome: 'success' }, value: 1 },
    ]);
    expect(metrics.get('ballast_call_duration_seconds')).toEqual([
      {
        attributes: { service: 'Quotes', method: 'quote' },
        value: expect.objectContaining({ count: 1, sum: 0.25 }),
      },
    ]);

    // The @SafeLog line of the call names its span: trace and log correlation.
    await logger.flush(1_000);
    logger.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const { traceId, spanId } = span!.spanContext();
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({
        message: 'Quotes.quote success',
        trace_id: traceId,
        span_id: spanId,
        trace_flags: '01',
      }),
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells the call that opened a breaker, and the call it then refused', async () => {
    const payments = weave(new Payments(), runtime);
    for (let call = 0; call < 3; call++) await payments.charge(100).catch(() => undefined);

    const [first, opener, refused] = telemetry.finished();
    expect(first!.status.code).toBe(SpanStatusCode.ERROR);
    expect(first!.attributes['error.type']).toBe('QUOTE_UNAVAILABLE');
    expect(events(first!)).toEqual([]);
    expect(events(opener!)).toEqual([
      [
        'ballast.circuit_breaker.state_change',
        {
          'ballast.policy': 'payments',
          'ballast.circuit_breaker.previous_state': 'closed',
          'ballast.circuit_breaker.state': 'open',
          'ballast.circuit_breaker.reason': 'failures',
        },
      ],
    ]);
    expect(refused!.status.code).toBe(SpanStatusCode.ERROR);
    expect(refused!.attributes).toEqual({
      'code.function.name': 'Payments.charge',
      'ballast.attempts': 1,
      'ballast.outcome': 'error',
      'error.type': 'BALLAST_ERR_CIRCUIT_OPEN',
    });
    expect(events(refused!)).toEqual([
      [
        'ballast.circuit_breaker.rejected',
        {
          'ballast.attempt': 1,
          'ballast.policy': 'payments',
          'ballast.circuit_breaker.state': 'open',
          'ballast.circuit_breaker.retry_after_ms': 5_000,
        },
      ],
    ]);
    const metrics = await telemetry.collect();
    expect(metrics.get('ballast_circuitbreaker_state')).toEqual([
      { attributes: { breaker: 'payments', state: 'open' }, value: 1 },
    ]);
    expect(metrics.get('ballast_circuitbreaker_calls_total')).toEqual([
      { attributes: { breaker: 'payments', kind: 'failed' }, value: 2 },
      { attributes: { breaker: 'payments', kind: 'not_permitted' }, value: 1 },
    ]);
  });

  it('records a failure whose every property read throws as error.type _OTHER, and hands it on', async () => {
    const trap = (): never => {
      throw new Error('trap');
    };
    const hostile = new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap });
    const call = protect(
      async () => {
        throw hostile;
      },
      [retry({ maxAttempts: 1, giveUp: 'rethrow' })],
      { runtime, name: 'hostile' },
    );
    let caught: unknown;
    await call().catch((error: unknown) => {
      caught = error;
    });
    expect(caught === hostile).toBe(true);
    const [span] = telemetry.finished();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('_OTHER');
  });

  it('tells a call its caller cancelled during a retry delay', async () => {
    const controller = new AbortController();
    const sync = protect(
      async () => {
        throw unavailable();
      },
      [retry({ name: 'sync', backoff: new ConstantBackoff(1_000), budget: false })],
      { runtime, name: 'sync', signal: controller.signal },
    );
    const outcome = sync().catch((error: unknown) => error);
    await clock.advanceAsync(10);
    controller.abort();
    await expect(outcome).resolves.toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });

    const [span] = telemetry.finished();
    expect(span!.name).toBe('sync');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes).toEqual({
      'code.function.name': 'sync',
      'ballast.attempts': 1,
      'ballast.outcome': 'error',
      'error.type': 'BALLAST_ERR_CANCELLED',
    });
    expect(events(span!).map(([name]) => name)).toEqual(['ballast.retry']);
  });
});

describe('instrumentRuntime: regression', () => {
  it('keeps the events of an untraced call made inside a traced one (woven before instrumenting) off its span', async () => {
    class Ledger {
      @Fallback({ name: 'ledger', value: 'queued' })
      async post(): Promise<string> {
        throw unavailable();
      }
    }
    const traced = createRuntime();
    const early = weave(new Ledger(), traced); // its chain is built before instrumenting
    instrumentRuntime(traced, { tracerProvider: telemetry.tracerProvider });
    class Checkout {
      @Fallback({ name: 'checkout', value: 'declined' })
      async pay(): Promise<string> {
        return `paid, ledger ${await early.post()}`;
      }
    }
    await expect(weave(new Checkout(), traced).pay()).resolves.toBe('paid, ledger queued');

    const [span] = telemetry.finished();
    expect(span!.name).toBe('Checkout.pay');
    expect(span!.attributes['ballast.outcome']).toBe('success');
    expect(events(span!)).toEqual([]); // the ledger's fallback is not the checkout's
    traced.dispose();
  });
});
