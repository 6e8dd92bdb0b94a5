import type { LogLevel } from './LogLevel.js';

/**
 * What SafeLog, the process guards and the alert feeder write to. A {@link SafeLogger} is one;
 * any object with this method works (callers still guard every call).
 */
export interface LogWriter {
  /** Writes one structured line. Must not throw; callers guard it anyway. */
  log(level: LogLevel, message: string, meta?: Readonly<Record<string, unknown>>): void;
  /** When present, lines at levels it rejects are not even built. */
  isLevelEnabled?(level: LogLevel): boolean;
}
