import { errorCode } from '@ballast/core';
import { HttpGoneError, HttpInvalidRequestError, HttpPermanentError } from '@ballast/http';
import { CircuitOpenError, RateLimitedError } from '@ballast/resilience';
import { ChannelDisabledError } from '../errors/alertBotErrors.js';

/** What the worker does with a failed delivery. */
export type DeliveryVerdict =
  /** Our own breaker or rate limit refused: wait `waitMs`, no attempt spent. */
  | { readonly kind: 'defer'; readonly waitMs: number }
  /** 410 Gone: disable the channel that answered it. */
  | { readonly kind: 'gone' }
  /** Resending cannot help (4xx, disabled channel, a request we cannot build). */
  | { readonly kind: 'permanent' }
  /** 5xx, 408, 429, network errors, timeouts: try again later, at least `retryAfterMs` later. */
  | { readonly kind: 'retry'; readonly retryAfterMs: number };

/**
 * Sorts a delivery failure. Anything unknown is retried: the attempt limit bounds it, and a
 * dead letter for a passing fault would lose an alert that could have gone out.
 *
 * @param probeWaitMs - longest wait after a half-open refusal: the probe in flight settles
 * within one attempt, though the breaker quotes its worst case (`halfOpenMaxWait`).
 */
export function classifyDeliveryError(error: unknown, probeWaitMs: number): DeliveryVerdict {
  if (error instanceof CircuitOpenError || error instanceof RateLimitedError) {
    // A forced-open breaker reports Infinity: look again in a minute.
    let wait = Number.isFinite(error.retryAfterMs) ? Math.max(1, error.retryAfterMs) : 60_000;
    if (error instanceof CircuitOpenError && error.state === 'HALF_OPEN')
      wait = Math.min(wait, probeWaitMs);
    return { kind: 'defer', waitMs: wait };
  }
  if (HttpGoneError.is(error)) return { kind: 'gone' };
  if (
    HttpPermanentError.is(error) ||
    HttpInvalidRequestError.is(error) ||
    error instanceof ChannelDisabledError
  )
    return { kind: 'permanent' };
  const retryAfterMs = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return {
    kind: 'retry',
    retryAfterMs:
      typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) ? retryAfterMs : 0,
  };
}

/** A one-line description of a failure for the dead-letter table and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return `${errorCode(error) ?? error.name}: ${error.message}`;
  }
  return String(error);
}
