import type { Runtime } from '@ballast/core';
import { safeLoggerStatistics } from '@ballast/safe-log';
import type { ReadinessCheck } from './ReadinessCheck.js';

/**
 * The safe loggers' sinks: a logger that fell back to stderr warns; one with no working sink
 * (every line dropped) fails — a process that cannot log cannot be operated.
 */
export function logSinkReadiness(runtime: Runtime): ReadinessCheck {
  return {
    name: 'logSink',
    check() {
      const reasons: string[] = [];
      let failing = false;
      const details: Record<string, { sink: string; dropped: number; lastError: string | null }> =
        {};
      for (const s of safeLoggerStatistics(runtime)) {
        details[s.name] = { sink: s.sink, dropped: s.dropped, lastError: s.lastError ?? null };
        if (s.sink === 'primary') continue;
        failing ||= s.sink === 'none';
        const cause = s.lastError === undefined ? '' : ` (${s.lastError})`;
        reasons.push(
          s.sink === 'none'
            ? `logger "${s.name}" has no working sink: lines are dropped${cause}`
            : `logger "${s.name}" fell back to stderr${cause}`,
        );
      }
      return { status: failing ? 'fail' : reasons.length > 0 ? 'warn' : 'pass', reasons, details };
    },
  };
}
