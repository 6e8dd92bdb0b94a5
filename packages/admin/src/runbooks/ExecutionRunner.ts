import type { Runtime, ScheduledTask } from '@ballast/core';
import type { ExecutionRecord, StepRecord } from './ExecutionRecord.js';
import type { ExecutionStatus } from './ExecutionStatus.js';
import {
  ExecutionStateError,
  RunbookDefinitionError,
  RunbookStepTimeoutError,
} from './errors/runbookErrors.js';
import type { NamedRegistry } from './NamedRegistry.js';
import { readParams } from './readParams.js';
import type { ActionContext, RunbookAction } from './RunbookAction.js';
import { toJsonValue } from './toJsonValue.js';
import { toRecordedError } from './toRecordedError.js';

/** What a runner needs from its engine. */
export interface RunnerDeps {
  readonly runtime: Runtime;
  readonly actions: NamedRegistry<RunbookAction>;
  /** Persists and publishes a change; never throws. */
  readonly publish: (record: ExecutionRecord) => void;
  /** Called once when the execution reaches a final status. */
  readonly onSettled: (record: ExecutionRecord) => void;
}

/**
 * Drives one execution step by step: waits for confirmations, runs actions under their timeout
 * on the runtime scheduler, stops at the first step that fails or times out. Each change is a
 * new immutable record, so snapshots handed out never change under their reader.
 */
export class ExecutionRunner {
  readonly #deps: RunnerDeps;
  #record: ExecutionRecord;
  /** Bumped when a step ends by timeout or shutdown, so the late result of its action is ignored. */
  #token = 0;
  #abort: AbortController | undefined;
  #timeout: ScheduledTask | undefined;
  readonly settled: Promise<ExecutionRecord>;
  #resolve!: (record: ExecutionRecord) => void;

  constructor(deps: RunnerDeps, record: ExecutionRecord) {
    this.#deps = deps;
    this.#record = record;
    this.settled = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** The execution as it stands. */
  get record(): ExecutionRecord {
    return this.#record;
  }

  /** Starts with the first step. */
  start(): void {
    this.#publish();
    this.#next(0);
  }

  /** Confirms the waiting step `stepIndex` and runs it for `actor`. */
  confirm(stepIndex: number, actor: string): ExecutionRecord {
    this.#expectWaiting(stepIndex, 'confirm');
    const now = this.#deps.runtime.clock.now();
    this.#setStep(stepIndex, { confirmedBy: actor, confirmedAt: now });
    this.#runStep(stepIndex, actor);
    return this.#record;
  }

  /** Declines the waiting step: it and every later step are skipped; the run is `CANCELLED`. */
  cancel(stepIndex: number): ExecutionRecord {
    this.#expectWaiting(stepIndex, 'cancel');
    this.#finish('CANCELLED');
    return this.#record;
  }

  /** Stops timers and ignores the step in flight (the store keeps the run as in progress). */
  abandon(): void {
    this.#token++;
    this.#timeout?.cancel();
    this.#abort?.abort();
  }

  #expectWaiting(stepIndex: number, verb: string): void {
    const { id, status, currentStep } = this.#record;
    if (status === 'WAITING_CONFIRMATION' && currentStep === stepIndex) return;
    const step = this.#record.steps[stepIndex];
    throw new ExecutionStateError(
      step === undefined
        ? `Cannot ${verb} step ${stepIndex} of execution "${id}": it has steps 0 to ${this.#record.steps.length - 1}.`
        : `Cannot ${verb} step ${stepIndex} of execution "${id}": the step is ${step.status} and the execution ${status}` +
            (status === 'WAITING_CONFIRMATION' ? ` (step ${currentStep} is waiting).` : '.'),
    );
  }

  #next(index: number): void {
    const record = this.#record.steps[index];
    if (record === undefined) return this.#finish('SUCCEEDED');
    if (record.step.preConfirm && record.confirmedAt === null) {
      this.#setStep(index, {
        status: 'WAITING_CONFIRMATION',
        waitingSince: this.#deps.runtime.clock.now(),
      });
      this.#record = { ...this.#record, status: 'WAITING_CONFIRMATION', currentStep: index };
      return this.#publish();
    }
    this.#runStep(index, this.#record.actor);
  }

  #runStep(index: number, actor: string): void {
    const { step } = this.#record.steps[index]!;
    const token = ++this.#token;
    this.#setStep(index, { status: 'RUNNING', startedAt: this.#deps.runtime.clock.now() });
    this.#record = { ...this.#record, status: 'RUNNING', currentStep: index };
    this.#publish();
    const abort = new AbortController();
    this.#abort = abort;
    this.#timeout = this.#deps.runtime.scheduler.schedule(step.timeoutSeconds * 1000, () => {
      if (token !== this.#token) return;
      this.#token++;
      const error = new RunbookStepTimeoutError(index, step.action, step.timeoutSeconds);
      abort.abort(error);
      this.#endStep(index, 'TIMED_OUT', null, error);
    });
    const context: ActionContext = {
      executionId: this.#record.id,
      runbookId: this.#record.runbookId,
      runbookName: this.#record.runbookName,
      scene: this.#record.scene,
      stepIndex: index,
      actor,
      signal: abort.signal,
    };
    Promise.resolve()
      .then(() => this.#invoke(index, context))
      .then(
        (output) => token === this.#token && this.#endStep(index, 'SUCCEEDED', output, null),
        (error: unknown) => token === this.#token && this.#endStep(index, 'FAILED', null, error),
      );
  }

  #invoke(index: number, context: ActionContext): unknown {
    const { step } = this.#record.steps[index]!;
    const action = this.#deps.actions.get(step.action);
    const where = `Runbook "${this.#record.runbookName}", steps[${index}]`;
    if (action === undefined) {
      // The runbook was checked at creation; the app no longer registers this action.
      throw new RunbookDefinitionError(
        `${where}: action "${step.action}" is no longer registered.`,
        {
          stepIndex: index,
          action: step.action,
          field: 'action',
        },
      );
    }
    const params = readParams(action.params, step.params, {
      where: `${where} (action "${step.action}")`,
      stepIndex: index,
      action: step.action,
    });
    return action.run(params, context);
  }

  #endStep(
    index: number,
    status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT',
    output: unknown,
    error: unknown,
  ): void {
    this.#timeout?.cancel();
    this.#timeout = undefined;
    this.#abort = undefined;
    const startedAt = this.#record.steps[index]!.startedAt ?? this.#deps.runtime.clock.now();
    const endedAt = this.#deps.runtime.clock.now();
    this.#setStep(index, {
      status,
      endedAt,
      durationMs: endedAt - startedAt,
      output: toJsonValue(output),
      error: error === null ? null : toRecordedError(error),
    });
    if (status === 'SUCCEEDED') this.#next(index + 1);
    else this.#finish(status);
  }

  #finish(status: ExecutionStatus): void {
    const steps = this.#record.steps.map((step): StepRecord =>
      step.status === 'PENDING' || step.status === 'WAITING_CONFIRMATION'
        ? { ...step, status: 'SKIPPED' }
        : step,
    );
    this.#record = { ...this.#record, status, steps, endedAt: this.#deps.runtime.clock.now() };
    this.#publish();
    this.#deps.onSettled(this.#record);
    this.#resolve(this.#record);
  }

  #setStep(index: number, patch: Partial<StepRecord>): void {
    const steps = this.#record.steps.slice();
    steps[index] = { ...steps[index]!, ...patch };
    this.#record = { ...this.#record, steps };
  }

  #publish(): void {
    this.#deps.publish(this.#record);
  }
}
