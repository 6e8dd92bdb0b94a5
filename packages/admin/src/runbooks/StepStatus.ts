/**
 * Status of one step of an execution:
 * - `PENDING`: not reached yet.
 * - `WAITING_CONFIRMATION`: a `preConfirm` step waiting for an operator's confirmation.
 * - `RUNNING`: its action is in progress.
 * - `SUCCEEDED` / `FAILED`: the action returned / threw (or the process stopped under it).
 * - `TIMED_OUT`: the action ran past the step's `timeoutSeconds`.
 * - `SKIPPED`: never run because the execution stopped before it.
 */
export type StepStatus =
  'PENDING' | 'WAITING_CONFIRMATION' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'SKIPPED';
