/**
 * The extension point for per-line context such as trace correlation: called on the calling
 * path for every line the logger accepts (after the level check), so it sees the caller's
 * async context (AsyncLocalStorage, the active OpenTelemetry span). Its fields go into the line
 * before the call's own metadata, redacted like it; return undefined when there is nothing to
 * add. Keep it cheap and allocation-free when idle: it runs once per line. A provider that
 * throws is counted in `formatErrors` and the line is written without its fields.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 *
 * // The fields of the OpenTelemetry "trace context in non-OTLP log formats" convention.
 * const traceContext: LogContextProvider = () => {
 *   const span = trace.getActiveSpan();
 *   if (span === undefined) return undefined;
 *   const { traceId, spanId, traceFlags } = span.spanContext();
 *   return { trace_id: traceId, span_id: spanId, trace_flags: `0${traceFlags.toString(16)}`.slice(-2) };
 * };
 * const logger = createSafeLogger({ context: traceContext });
 * ```
 */
export type LogContextProvider = () => Readonly<Record<string, unknown>> | undefined;
