import { BallastError, type BallastErrorOptions } from '@ballast/core';

/** Where in a runbook definition a {@link RunbookDefinitionError} was found. */
export interface DefinitionLocation {
  /** Index of the step in `steps` (0-based), when the fault is inside a step. */
  readonly stepIndex?: number | undefined;
  /** Action the step names, when known. */
  readonly action?: string | undefined;
  /** Field at fault: a definition key (`timeoutSeconds`) or an action parameter (`name`). */
  readonly field?: string | undefined;
}

/**
 * A runbook definition was rejected when it was created: unknown action or condition, bad
 * parameters, a malformed step. Raised at creation, never at run time; the message names the
 * step index, the action and the field, and says what is allowed.
 */
export class RunbookDefinitionError extends BallastError {
  override readonly name = 'RunbookDefinitionError';
  static override readonly code = 'BALLAST_ERR_RUNBOOK_DEFINITION';
  static override readonly kind = 'config';
  static override readonly httpStatus = 400;
  /** Index of the faulty step (0-based), if the fault is inside a step. */
  readonly stepIndex: number | undefined;
  /** Action of the faulty step, if known. */
  readonly action: string | undefined;
  /** Field at fault, if one is. */
  readonly field: string | undefined;
  constructor(message: string, location: DefinitionLocation = {}, options?: BallastErrorOptions) {
    super(RunbookDefinitionError.code, message, options);
    this.stepIndex = location.stepIndex;
    this.action = location.action;
    this.field = location.field;
  }
}

/** No runbook has the given id. */
export class UnknownRunbookError extends BallastError {
  override readonly name = 'UnknownRunbookError';
  static override readonly code = 'BALLAST_ERR_RUNBOOK_UNKNOWN';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 404;
  constructor(readonly runbookId: string) {
    super(UnknownRunbookError.code, `No runbook has id "${runbookId}".`);
  }
}

/** No execution has the given id. */
export class UnknownExecutionError extends BallastError {
  override readonly name = 'UnknownExecutionError';
  static override readonly code = 'BALLAST_ERR_RUNBOOK_EXECUTION_UNKNOWN';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 404;
  constructor(readonly executionId: string) {
    super(UnknownExecutionError.code, `No runbook execution has id "${executionId}".`);
  }
}

/**
 * An execution is not in the state the request needs: confirming a step that is not waiting for
 * confirmation, cancelling an execution that is not waiting. The message says the current state.
 */
export class ExecutionStateError extends BallastError {
  override readonly name = 'ExecutionStateError';
  static override readonly code = 'BALLAST_ERR_RUNBOOK_EXECUTION_STATE';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 409;
  constructor(message: string) {
    super(ExecutionStateError.code, message);
  }
}

/** A step ran longer than its `timeoutSeconds`; recorded on the step, the execution stops. */
export class RunbookStepTimeoutError extends BallastError {
  override readonly name = 'RunbookStepTimeoutError';
  static override readonly code = 'BALLAST_ERR_RUNBOOK_STEP_TIMEOUT';
  static override readonly kind = 'transient';
  constructor(stepIndex: number, action: string, timeoutSeconds: number) {
    super(
      RunbookStepTimeoutError.code,
      `Step ${stepIndex} (action "${action}") did not finish within ${timeoutSeconds} s.`,
      { captureStack: false },
    );
  }
}

/** The process stopped while an execution was in progress; recorded when the store reopens. */
export class RunbookInterruptedError extends BallastError {
  override readonly name = 'RunbookInterruptedError';
  static override readonly code = 'BALLAST_ERR_RUNBOOK_INTERRUPTED';
  static override readonly kind = 'permanent';
  constructor() {
    super(
      RunbookInterruptedError.code,
      'The process stopped while this step was in progress; check its effect before re-running.',
      { captureStack: false },
    );
  }
}

/** A built-in action could not do its work (a webhook answered non-2xx, a target is missing). */
export class RunbookActionError extends BallastError {
  override readonly name = 'RunbookActionError';
  static override readonly code = 'BALLAST_ERR_RUNBOOK_ACTION';
  static override readonly kind = 'permanent';
  constructor(message: string, options?: BallastErrorOptions) {
    super(RunbookActionError.code, message, options);
  }
}

/** The runbook database could not be opened or written. */
export class RunbookStoreError extends BallastError {
  override readonly name = 'RunbookStoreError';
  static override readonly code = 'BALLAST_ERR_RUNBOOK_STORE';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  constructor(message: string, options?: BallastErrorOptions) {
    super(RunbookStoreError.code, message, options);
  }
}
