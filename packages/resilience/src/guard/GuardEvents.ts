import type { ContractIssue } from './ContractViolationError.js';

/** Payload of `guard.violation` (and the `onViolation` hook): a contract was broken. */
export interface GuardViolationEvent {
  readonly policy: string;
  /** What broke its contract: an argument or the result. */
  readonly subject: 'argument' | 'result';
  /** The argument's position, for `subject: 'argument'`. */
  readonly index: number | undefined;
  /** The parameter's name where the method's source tells it. */
  readonly parameter: string | undefined;
  /** The validator's issues, echoed input redacted. */
  readonly issues: readonly ContractIssue[];
  /** `rejected`: the call failed (mode `throw`); `logged`: it went on (mode `log-only`). */
  readonly action: 'rejected' | 'logged';
}

declare module '@ballast/core' {
  interface BallastEvents {
    'guard.violation': GuardViolationEvent;
  }
}
