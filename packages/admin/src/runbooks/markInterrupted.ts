import type { ExecutionRecord, StepRecord } from './ExecutionRecord.js';
import { RunbookInterruptedError } from './errors/runbookErrors.js';
import { toRecordedError } from './toRecordedError.js';

/**
 * An execution a previous process left in progress, as it must be recorded now: the step that
 * was running `FAILED` (its effect is unknown, so it is never re-run by itself), the others
 * `SKIPPED`, the execution `INTERRUPTED`.
 */
export function markInterrupted(record: ExecutionRecord, now: number): ExecutionRecord {
  const interrupted = toRecordedError(new RunbookInterruptedError());
  const steps = record.steps.map((step): StepRecord => {
    if (step.status === 'RUNNING') {
      return {
        ...step,
        status: 'FAILED',
        endedAt: now,
        durationMs: now - (step.startedAt ?? now),
        error: interrupted,
      };
    }
    return step.status === 'PENDING' || step.status === 'WAITING_CONFIRMATION'
      ? { ...step, status: 'SKIPPED' }
      : step;
  });
  return { ...record, status: 'INTERRUPTED', steps, endedAt: now };
}
