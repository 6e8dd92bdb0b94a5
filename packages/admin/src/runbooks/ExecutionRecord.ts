import type { ExecutionStatus } from './ExecutionStatus.js';
import type { RunbookStep } from './RunbookDefinition.js';
import type { RunbookScene } from './RunbookScene.js';
import type { StepStatus } from './StepStatus.js';

/** An error as recorded on a step: plain data, safe to persist and to return from an API. */
export interface RecordedError {
  /** `BALLAST_ERR_*` code when the error had one, else the error's name. */
  readonly code: string;
  readonly message: string;
}

/** What happened to one step. Times are epoch ms on the runtime clock; `null` when not reached. */
export interface StepRecord {
  readonly index: number;
  /** The step as it was when the execution started (later edits of the runbook do not apply). */
  readonly step: RunbookStep;
  readonly status: StepStatus;
  /** When the step started waiting for confirmation. */
  readonly waitingSince: number | null;
  readonly confirmedBy: string | null;
  readonly confirmedAt: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  /** `endedAt - startedAt` once the step ended. */
  readonly durationMs: number | null;
  /** What the action returned (JSON). */
  readonly output: unknown;
  readonly error: RecordedError | null;
}

/** How an execution was started. */
export type ExecutionTrigger = 'manual' | 'condition';

/** One run of a runbook. */
export interface ExecutionRecord {
  readonly id: string;
  readonly runbookId: string;
  readonly runbookName: string;
  readonly scene: RunbookScene;
  readonly trigger: ExecutionTrigger;
  /** Who started it (`self-recovery` for condition-triggered runs). */
  readonly actor: string;
  /** Why it was started, as given (for conditions: the condition and its parameters). */
  readonly reason: string;
  readonly status: ExecutionStatus;
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** Index of the step in progress or the one that stopped the run; `null` before the first. */
  readonly currentStep: number | null;
  readonly steps: readonly StepRecord[];
}
