import { ConfigError, type Runtime } from '@ballast/core';
import {
  createNoopMeter,
  diag,
  type MeterProvider,
  metrics,
  trace,
  type TracerProvider,
} from '@opentelemetry/api';
import {
  type InstrumentRuntimeOptions,
  readInstrumentRuntimeOptions,
} from './InstrumentRuntimeOptions.js';
import { DurationInstrument } from './metrics/DurationInstrument.js';
import { MeterInstallation } from './metrics/MeterInstallation.js';
import { listenForCallEvents } from './tracing/callEvents.js';
import { TracerSource } from './tracing/TracerSource.js';
import { TracingInstrument, type TracingMode } from './tracing/TracingInstrument.js';

/**
 * The instrumentation scope of every span and instrument (the tracer's and meter's name and
 * version), e.g. to select ballast's telemetry in an SDK view or processor.
 *
 * @example
 * ```ts
 * const ours = spans.filter((span) => span.instrumentationScope.name === INSTRUMENTATION_SCOPE.name);
 * ```
 */
export const INSTRUMENTATION_SCOPE = Object.freeze({
  name: '@ballast/opentelemetry',
  version: '0.1.0',
});

/** What {@link instrumentRuntime} returns. */
export interface RuntimeInstrumentation {
  /**
   * Methods the runtime had already woven (chains built) when it was instrumented: they are
   * not traced. 0 when `instrumentRuntime` ran right after `createRuntime`, as it should.
   */
  readonly missedChains: number;
  /** Stops tracing and metrics for the runtime; runs by itself on `runtime.dispose()`. */
  disable(): void;
}

const INSTRUMENTED = Symbol.for('ballast.opentelemetry.instrumented');

/**
 * Reports a runtime's woven calls to OpenTelemetry, through `@opentelemetry/api` only (bring
 * your SDK): a span per call — or events on the caller's span — telling its attempts, retry
 * delays, timeouts, breaker refusals and state changes, fallbacks and failure, and the
 * aspects' statistics as metrics with the Prometheus exporter's names and units. Call it right
 * after creating the runtime: methods woven before are left out (see `missedChains`).
 * Instrumenting a runtime twice is a `ConfigError`.
 *
 * @example
 * ```ts
 * const runtime = createRuntime();
 * instrumentRuntime(runtime); // the global tracer and meter providers
 * const payments = weave(new PaymentsClient(), runtime); // each call: a span "PaymentsClient.charge"
 * ```
 */
export function instrumentRuntime(
  runtime: Runtime,
  options?: InstrumentRuntimeOptions,
): RuntimeInstrumentation {
  const config = readInstrumentRuntimeOptions(options);
  const state = runtime.service(INSTRUMENTED, () => ({ instrumented: false }));
  if (state.instrumented) {
    throw new ConfigError(
      'instrumentRuntime: this runtime is already instrumented; disable() the first instrumentation before adding another.',
    );
  }
  const missedChains = runtime.chainsBuilt;
  if (missedChains > 0) {
    diag.warn(
      `@ballast/opentelemetry: ${missedChains} method(s) were woven before instrumentRuntime() and are not traced; instrument the runtime right after creating it.`,
    );
  }
  const undo: (() => void)[] = [];
  if (config.tracing !== false)
    undo.push(traceCalls(runtime, config.tracing, config.tracerProvider));
  if (config.metrics) undo.push(exportStatistics(runtime, config.meterProvider));
  state.instrumented = true;
  const disable = (): void => {
    if (!state.instrumented) return;
    state.instrumented = false;
    for (const step of undo.splice(0)) step();
  };
  runtime.onDispose(disable);
  return { missedChains, disable };
}

function traceCalls(
  runtime: Runtime,
  mode: TracingMode,
  provider: TracerProvider | undefined,
): () => void {
  const { name, version } = INSTRUMENTATION_SCOPE;
  const source = new TracerSource(provider ?? trace.getTracerProvider(), name, version);
  let unsubscribe: (() => void) | undefined;
  const tracing = new TracingInstrument(source, mode, () => {
    unsubscribe ??= listenForCallEvents(runtime);
  });
  runtime.instrument(tracing);
  return () => {
    tracing.disable();
    unsubscribe?.();
  };
}

function exportStatistics(runtime: Runtime, provider: MeterProvider | undefined): () => void {
  const { name, version } = INSTRUMENTATION_SCOPE;
  const meter = (provider ?? metrics.getMeterProvider()).getMeter(name, version);
  // No SDK registered: no instrument, and no per-call recording.
  if (meter === createNoopMeter()) return () => undefined;
  const installation = MeterInstallation.of(meter);
  installation.add(runtime);
  const durations = new DurationInstrument(runtime, installation.durations);
  runtime.instrument(durations);
  return () => {
    durations.disable();
    installation.delete(runtime);
  };
}
