/**
 * Status of a whole execution. `RUNNING` and `WAITING_CONFIRMATION` are in progress; the others
 * are final:
 * - `SUCCEEDED`: every step succeeded.
 * - `FAILED` / `TIMED_OUT`: a step failed / timed out; later steps were skipped.
 * - `CANCELLED`: an operator cancelled it (typically declining a confirmation).
 * - `INTERRUPTED`: the process stopped while it was in progress (found on reopening the store).
 */
export type ExecutionStatus =
  | 'RUNNING'
  | 'WAITING_CONFIRMATION'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'CANCELLED'
  | 'INTERRUPTED';

/** True for statuses an execution never leaves. */
export function isFinalStatus(status: ExecutionStatus): boolean {
  return status !== 'RUNNING' && status !== 'WAITING_CONFIRMATION';
}
