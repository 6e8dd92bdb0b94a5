import { OptionsReader } from '@ballast/core';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { TracingMode } from './tracing/TracingInstrument.js';

/** Options of {@link instrumentRuntime}. */
export interface InstrumentRuntimeOptions {
  /**
   * Where spans go. The global provider is the API's proxy: register the SDK before or after,
   * and while none is registered a woven call pays one check and nothing else.
   * @default the global tracer provider (`trace.getTracerProvider()`)
   */
  readonly tracerProvider?: TracerProvider;
  /**
   * Where metrics go. The API has no proxy for meters, so the global provider is taken as it
   * is now: start the SDK first (with none registered, no instrument is created).
   * @default the global meter provider (`metrics.getMeterProvider()`)
   */
  readonly meterProvider?: MeterProvider;
  /**
   * `spans`: a span per woven call, named `Class.method`, child of the caller's active span
   * and parent of the spans the method starts. `events`: no span of its own; events on the
   * caller's active span, and only for calls that did not simply succeed. `false`: no tracing.
   * @default 'spans'
   */
  readonly tracing?: TracingMode | false;
  /**
   * Export the aspects' statistics as OpenTelemetry metrics (`BALLAST_INSTRUMENTS`).
   * @default true
   */
  readonly metrics?: boolean;
}

/** Validated {@link InstrumentRuntimeOptions}. */
export interface InstrumentRuntimeConfig {
  readonly tracerProvider: TracerProvider | undefined;
  readonly meterProvider: MeterProvider | undefined;
  readonly tracing: TracingMode | false;
  readonly metrics: boolean;
}

const KEYS = ['tracerProvider', 'meterProvider', 'tracing', 'metrics'];

function provider<P>(read: OptionsReader, key: string, method: string): P | undefined {
  const value = read.raw(key);
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[method] === 'function';
  return ok ? (value as P) : read.fail(key, `an object with ${method}()`);
}

/** Reads the options; a bad one is a `ConfigError` naming it and what is allowed. */
export function readInstrumentRuntimeOptions(options: unknown): InstrumentRuntimeConfig {
  const read = new OptionsReader('instrumentRuntime', options, KEYS);
  return {
    tracerProvider: provider<TracerProvider>(read, 'tracerProvider', 'getTracer'),
    meterProvider: provider<MeterProvider>(read, 'meterProvider', 'getMeter'),
    tracing:
      read.raw('tracing') === false
        ? false
        : read.oneOf<TracingMode>('tracing', 'spans', ['spans', 'events']),
    metrics: read.boolean('metrics', true),
  };
}
