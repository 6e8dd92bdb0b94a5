import { randomUUID } from 'node:crypto';
import type { ExecutionRecord, ExecutionTrigger, StepRecord } from './ExecutionRecord.js';
import type { Runbook } from './RunbookDefinition.js';

/** How a new execution starts. */
export interface ExecutionStart {
  readonly trigger: ExecutionTrigger;
  readonly actor: string;
  readonly reason: string;
  /** Runtime clock ms. */
  readonly now: number;
}

/** A fresh execution of `runbook`: every step `PENDING`, the steps copied as they are now. */
export function newExecutionRecord(runbook: Runbook, start: ExecutionStart): ExecutionRecord {
  const steps = runbook.steps.map((step, index): StepRecord => ({
    index,
    step,
    status: 'PENDING',
    waitingSince: null,
    confirmedBy: null,
    confirmedAt: null,
    startedAt: null,
    endedAt: null,
    durationMs: null,
    output: null,
    error: null,
  }));
  return {
    id: randomUUID(),
    runbookId: runbook.id,
    runbookName: runbook.name,
    scene: runbook.scene,
    trigger: start.trigger,
    actor: start.actor,
    reason: start.reason,
    status: 'RUNNING',
    startedAt: start.now,
    endedAt: null,
    currentStep: null,
    steps,
  };
}
