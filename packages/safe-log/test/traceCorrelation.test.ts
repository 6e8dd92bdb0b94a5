import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSafeLogger,
  type LogContextProvider,
  SafeLog,
  setSafeLogLogger,
} from '../src/index.js';
import { readJsonLines } from './jsonLines.js';

/**
 * Trace and log correlation through the `context` extension point, with the real OpenTelemetry
 * SDK: the provider below is all an integration has to supply (the fields of OpenTelemetry's
 * "trace context in non-OTLP log formats").
 */
const traceContext: LogContextProvider = () => {
  const span = trace.getActiveSpan();
  if (span === undefined) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return {
    trace_id: traceId,
    span_id: spanId,
    trace_flags: `0${traceFlags.toString(16)}`.slice(-2),
  };
};

class Inventory {
  @SafeLog()
  async reserve(sku: string): Promise<string> {
    await new Promise((resolve) => setImmediate(resolve)); // let other requests interleave
    return `reserved ${sku}`;
  }
}

let dir: string;
let runtime: Runtime;
let exporter: InMemorySpanExporter;
let provider: BasicTracerProvider;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'safe-log-trace-'));
  runtime = createRuntime();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  exporter = new InMemorySpanExporter();
  provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
});

afterEach(async () => {
  runtime.dispose();
  await provider.shutdown();
  trace.disable();
  context.disable();
  rmSync(dir, { recursive: true, force: true });
});

describe('trace and log correlation (OpenTelemetry SDK)', () => {
  it('puts the active span’s trace and span ids on SafeLog lines and application lines', async () => {
    const file = join(dir, 'app.log');
    const logger = createSafeLogger({ file, runtime, context: traceContext });
    setSafeLogLogger(runtime, logger);
    const inventory = weave(new Inventory(), runtime);
    const tracer = trace.getTracer('shop');

    const request = (sku: string): Promise<void> =>
      tracer.startActiveSpan(`POST /orders ${sku}`, async (span) => {
        logger.info('order received', { sku });
        await inventory.reserve(sku);
        span.end();
      });
    await Promise.all([request('a-1'), request('b-2')]); // two requests interleaved
    logger.info('outside any request');
    await logger.flush(1_000);

    const spans = new Map(
      exporter.getFinishedSpans().map((span) => [span.name, span.spanContext()]),
    );
    const idsOf = (sku: string): Record<string, string> => {
      const span = spans.get(`POST /orders ${sku}`)!;
      return { trace_id: span.traceId, span_id: span.spanId, trace_flags: '01' };
    };
    const written = readJsonLines(file);
    expect(written).toEqual([
      expect.objectContaining({ message: 'order received', sku: 'a-1', ...idsOf('a-1') }),
      expect.objectContaining({ message: 'order received', sku: 'b-2', ...idsOf('b-2') }),
      expect.objectContaining({ message: 'Inventory.reserve success', ...idsOf('a-1') }),
      expect.objectContaining({ message: 'Inventory.reserve success', ...idsOf('b-2') }),
      expect.objectContaining({ message: 'outside any request' }),
    ]);
    expect(written[4]).not.toHaveProperty('trace_id');
    expect(idsOf('a-1').trace_id).not.toBe(idsOf('b-2').trace_id);
  });
});
