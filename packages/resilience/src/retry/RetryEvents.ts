import type { GiveUpReason } from './RetryExhaustedError.js';

/** Payload of `retry.attempt` (and the `onRetry` hook): a retry was scheduled. */
export interface RetryAttemptEvent {
  readonly policy: string;
  /** The attempt that failed (1 = the first call). */
  readonly attempt: number;
  readonly delayMs: number;
  /** The error retried, or undefined when `retryOnResult` asked for the retry. */
  readonly error: unknown;
  /**
   * The value `retryOnResult` rejected (undefined when an error is retried): the result this
   * retry discards, for a hook that must release it (a response body, a connection).
   */
  readonly result: unknown;
}

/** Payload of `retry.give-up` (and the `onGiveUp` hook): the policy stopped retrying a call. */
export interface RetryGiveUpEvent {
  readonly policy: string;
  readonly attempts: number;
  readonly reason: GiveUpReason;
  readonly error: unknown;
}

/** Payload of `retry.budget-exhausted`: a retry was refused by the retry budget. */
export interface RetryBudgetExhaustedEvent {
  readonly policy: string;
  readonly attempt: number;
}

declare module '@ballast/core' {
  interface BallastEvents {
    'retry.attempt': RetryAttemptEvent;
    'retry.give-up': RetryGiveUpEvent;
    'retry.budget-exhausted': RetryBudgetExhaustedEvent;
  }
}
