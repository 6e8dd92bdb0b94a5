import type { LogBackend, LogEntry } from '../backend/LogBackend.js';
import type { Redaction } from '../redact/Redaction.js';
import type { LogCounters } from './LogStatistics.js';
import { finishRecord, type LogRecord } from './LogRecord.js';

/**
 * Turns captured records into newline-terminated lines, off the calling path: finishes the
 * redaction, runs the backend, and never throws. A backend that throws is counted in
 * `formatErrors` and the line still goes out as plain JSON with `formatError`; lines over
 * `maxChars` are replaced by a short JSON line saying so (cutting JSON would leave an
 * unparsable line).
 */
export class LineFormatter {
  constructor(
    readonly backend: LogBackend,
    readonly redaction: Redaction,
    readonly defaultMeta: Readonly<Record<string, unknown>> | undefined,
    readonly maxChars: number,
    readonly counters: LogCounters,
  ) {}

  /** The line for `record`, or undefined when the backend leaves it out. */
  line(record: LogRecord): string | undefined {
    const entry = finishRecord(record, this.redaction, this.defaultMeta);
    let text: string | undefined;
    try {
      text = this.backend.format(entry);
    } catch (error) {
      this.counters.formatErrors++;
      text = `${plainLine(entry, {
        formatError: error instanceof Error ? error.message.slice(0, 200) : 'format threw',
      })}\n`;
    }
    if (text === undefined) return undefined;
    if (text.length <= this.maxChars) return text;
    return `${plainLine(entry, { truncated: true, chars: text.length }, 200)}\n`;
  }
}

/** A JSON line any entry survives: the fields only when they serialise, else just the message. */
function plainLine(entry: LogEntry, extra: Record<string, unknown>, messageChars?: number): string {
  const head = {
    level: entry.level,
    message: entry.message.slice(0, messageChars),
    timestamp: safeIsoTime(entry.time),
  };
  if (messageChars === undefined) {
    try {
      return JSON.stringify({ ...head, ...entry.fields, ...head, ...extra });
    } catch {
      // A backend may have left something unserialisable behind: keep the line, lose the fields.
    }
  }
  return JSON.stringify({ ...head, ...extra });
}

function safeIsoTime(time: number): string {
  try {
    return new Date(time).toISOString();
  } catch {
    return String(time); // a clock that returned NaN or an out-of-range time
  }
}
