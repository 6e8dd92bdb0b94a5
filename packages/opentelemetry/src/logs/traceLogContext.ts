import type { LogContextProvider } from '@ballast/safe-log';
import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * Trace and log correlation for `createSafeLogger({ context })`: a line logged while a span is
 * active carries its `trace_id`, `span_id` and `trace_flags` (OpenTelemetry's "trace context in
 * non-OTLP log formats"), so a log line leads to its trace and a span to its lines. Outside a
 * span it adds nothing and allocates nothing. Inside a woven call traced by
 * {@link instrumentRuntime}, the active span is the call's own, so `@SafeLog`'s line names it.
 *
 * @example
 * ```ts
 * const logger = createSafeLogger({ file: 'logs/app.log', context: traceLogContext });
 * // {"level":"info","message":"order placed","trace_id":"4bf92f…","span_id":"00f067…","trace_flags":"01",…}
 * ```
 */
export const traceLogContext: LogContextProvider = () => {
  const span = trace.getActiveSpan();
  if (span === undefined) return undefined;
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return undefined;
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, '0'),
  };
};
