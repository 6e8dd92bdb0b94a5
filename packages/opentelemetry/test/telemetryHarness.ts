import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A metric reader that collects when asked (the SDK's pull path, as a Prometheus scrape). */
class CollectingReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** One metric point, as a test compares it. */
export interface Point {
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly value: unknown;
}

/**
 * The real OpenTelemetry SDK wired for tests: the AsyncLocalStorage context manager (what
 * NodeSDK installs), a tracer provider exporting to memory and a meter provider read on demand.
 */
export class TelemetryHarness {
  readonly spans = new InMemorySpanExporter();
  readonly tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(this.spans)],
  });
  readonly reader = new CollectingReader();
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });

  constructor() {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }

  /** Finished spans, in the order they ended. */
  finished(): ReadableSpan[] {
    return this.spans.getFinishedSpans();
  }

  /** Events of a span as `[name, attributes]` pairs. */
  static events(span: ReadableSpan): [string, Readonly<Record<string, unknown>>][] {
    return span.events.map((event) => [event.name, event.attributes ?? {}]);
  }

  /** Collects now; the points of every instrument, by name (non-zero ones unless `all`). */
  async collect(all = false): Promise<Map<string, Point[]>> {
    const { resourceMetrics, errors } = await this.reader.collect();
    if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
    const byName = new Map<string, Point[]>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        const points = (metric.dataPoints as DataPoint<number | Histogram>[])
          .map((point) => ({ attributes: point.attributes, value: point.value }))
          .filter((point) => all || point.value !== 0);
        byName.set(metric.descriptor.name, points);
      }
    }
    return byName;
  }

  async shutdown(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
    context.disable();
  }
}
