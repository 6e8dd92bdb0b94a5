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

const NO_FIELDS: Readonly<Fields> = Object.freeze({});

/**
 * The entry a backend formats: message and top-level strings masked, `defaultMeta` first. The
 * record's own fields are masked in place (the logger owns them): finish a record once.
 */
export function finishRecord(
  record: LogRecord,
  redaction: Redaction,
  defaultMeta: Readonly<Fields> | undefined,
): LogEntry {
  const captured = record.fields;
  if (captured !== undefined) {
    for (const key of Object.keys(captured)) {
      const value = captured[key];
      if (typeof value === 'string') captured[key] = redaction.maskString(value);
    }
  }
  let fields: Readonly<Fields>;
  if (defaultMeta === undefined) fields = captured ?? NO_FIELDS;
  else fields = captured === undefined ? defaultMeta : { ...defaultMeta, ...captured };
  return {
    level: record.level,
    time: record.time,
    message: redaction.maskString(record.message),
    fields,
  };
}
