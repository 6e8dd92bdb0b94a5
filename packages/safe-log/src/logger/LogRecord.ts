import type { LogEntry } from '../backend/LogBackend.js';
import type { Redaction } from '../redact/Redaction.js';
import type { LogLevel } from './LogLevel.js';

type Fields = Record<string, unknown>;

/**
 * A line as captured on the calling path (`Redaction.captureMeta`): the logger's own snapshot,
 * with secret keys already hidden and nested values already redacted copies; only the message
 * and top-level strings wait to be masked. Strings are immutable, so masking them later sees
 * exactly what was logged, while anything the caller could still mutate was copied at once.
 */
export interface LogRecord {
  readonly level: LogLevel;
  readonly time: number;
  /** Unmasked until the line is formatted. */
  readonly message: string;
  readonly fields: Fields | undefined;
}

/** The entry a backend formats: message and top-level strings masked, `defaultMeta` first. */
export function finishRecord(
  record: LogRecord,
  redaction: Redaction,
  defaultMeta: Readonly<Fields> | undefined,
): LogEntry {
  const fields: Fields = { ...defaultMeta };
  const captured = record.fields;
  if (captured !== undefined) {
    for (const key in captured) {
      const value = captured[key];
      fields[key] = typeof value === 'string' ? redaction.maskString(value) : value;
    }
  }
  return {
    level: record.level,
    time: record.time,
    message: redaction.maskString(record.message),
    fields,
  };
}
