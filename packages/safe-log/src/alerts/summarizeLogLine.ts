import type { ErrorSummary } from './AlertSink.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The feeder's mapping from an error-level log line (already redacted) to an alert summary:
 * the error's name, code and message when the line carries an `error` object, else the line's
 * message. The source is the line's `service.method` when SafeLog wrote it, else `fallbackSource`.
 */
export function summarizeLogLine(
  message: string,
  meta: Readonly<Record<string, unknown>>,
  fallbackSource: string,
): ErrorSummary {
  const error =
    typeof meta.error === 'object' && meta.error !== null
      ? (meta.error as Record<string, unknown>)
      : undefined;
  const service = text(meta.service);
  const method = text(meta.method);
  return {
    message: (text(error?.message) ?? message).slice(0, 500),
    source: service !== undefined && method !== undefined ? `${service}.${method}` : fallbackSource,
    errorName: text(error?.name),
    code: text(error?.code) ?? text(meta.errorCode),
  };
}
