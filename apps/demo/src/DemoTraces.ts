import type { Runtime } from '@ballast/core';
import { instrumentRuntime } from '@ballast/opentelemetry';
import { context, type HrTime, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { appendFile } from 'node:fs/promises';

const milliseconds = (time: HrTime): number => time[0] * 1_000 + time[1] / 1_000_000;
const round = (ms: number): number => Math.round(ms * 10) / 10;

/** One span as a JSON line: times in ms since the demo started, ids kept for joining. */
function spanLine(span: ReadableSpan, startedAt: number): string {
  const start = milliseconds(span.startTime);
  return JSON.stringify({
    name: span.name,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    atMs: round(start - startedAt),
    durationMs: round(milliseconds(span.duration)),
    status: span.status.code === SpanStatusCode.ERROR ? 'ERROR' : 'UNSET',
    attributes: span.attributes,
    events: span.events.map((event) => ({
      name: event.name,
      atMs: round(milliseconds(event.time) - start),
      attributes: event.attributes,
    })),
  });
}

/**
 * `--traces FILE`: the demo's woven calls traced with `@ballast/opentelemetry` through the real
 * OpenTelemetry SDK (the AsyncLocalStorage context manager, a batch span processor) into FILE,
 * one JSON line per span — what an OTLP exporter would send, readable without a collector.
 */
export class DemoTraces {
  readonly #provider: BasicTracerProvider;

  constructor(file: string) {
    const startedAt = Date.now();
    const exporter: SpanExporter = {
      export: (spans, done) => {
        const lines = spans.map((span) => `${spanLine(span, startedAt)}\n`).join('');
        appendFile(file, lines).then(
          () => done({ code: 0 }),
          (error: unknown) => done({ code: 1, error: error as Error }),
        );
      },
      shutdown: () => Promise.resolve(),
    };
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    this.#provider = new BasicTracerProvider({
      spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
    });
  }

  /** Traces the calls of methods woven on `runtime` from now on. */
  instrument(runtime: Runtime): void {
    instrumentRuntime(runtime, { tracerProvider: this.#provider, metrics: false });
  }

  /** Writes the spans still buffered and stops. */
  async stop(): Promise<void> {
    await this.#provider.shutdown();
    context.disable();
  }
}
