import type { AdviceTarget, Invocation } from '@ballast/core';
import {
  CircuitOpenError,
  type FallbackServedEvent,
  type FallbackSource,
  type RetryAttemptEvent,
  type RetryGiveUpEvent,
  RetryExhaustedError,
  TimeoutError,
} from '@ballast/resilience';
import { type Attributes, diag, type Span, SpanStatusCode } from '@opentelemetry/api';
import { errorType } from './errorType.js';
import { BALLAST_SPAN_ATTRIBUTES as A, BALLAST_SPAN_EVENTS as E } from './spanNames.js';

const NOTHING_NOTED = Symbol('nothing noted');

/**
 * What one woven call tells its span, gathered from the runtime events its aspects emit while
 * it runs (see `listenForCallEvents`) and from its outcome. With a span of its own (`spans`
 * mode) the call-level facts become span attributes; on the caller's span (`events` mode) only
 * events are written, each naming the call, and a call that simply succeeded writes nothing.
 */
export class CallTrace {
  readonly #span: Span;
  readonly #ownsSpan: boolean;
  readonly #target: AdviceTarget;
  readonly #invocation: Invocation;
  readonly #policies: ReadonlySet<string>;
  #fallback: FallbackSource | undefined;
  #eventful = false;
  #ended = false;
  /** The last attempt error classified, so one error seen by several aspects counts once. */
  #noted: unknown = NOTHING_NOTED;

  /** @param policies - the names the call's aspects report under (see `policiesOf`). */
  constructor(
    span: Span,
    ownsSpan: boolean,
    target: AdviceTarget,
    invocation: Invocation,
    policies: ReadonlySet<string>,
  ) {
    this.#span = span;
    this.#ownsSpan = ownsSpan;
    this.#target = target;
    this.#invocation = invocation;
    this.#policies = policies;
  }

  /**
   * Whether an event of `policy` seen in this call's context is this call's: one of its own
   * aspects', while it runs. An untraced call running inside it (a method woven before the
   * runtime was instrumented), or work it started that outlives it, shares its context but not
   * its story.
   */
  reportsFor(policy: string): boolean {
    return !this.#ended && this.#policies.has(policy);
  }

  /** `retry.attempt`: an attempt failed and another follows. */
  retried(event: RetryAttemptEvent): void {
    this.#attemptFailed(event.error, event.attempt);
    const attributes: Attributes = {
      [A.attempt]: event.attempt,
      [A.retryDelayMs]: event.delayMs,
      [A.policy]: event.policy,
    };
    // No error: `retryOnResult` asked for the retry.
    if (event.error !== undefined) attributes[A.errorType] = errorType(event.error);
    this.record(E.retry, attributes);
  }

  /** `retry.give-up`: retrying stopped. */
  gaveUp(event: RetryGiveUpEvent): void {
    this.#attemptFailed(event.error, event.attempts);
    this.record(E.retryGiveUp, {
      [A.attempts]: event.attempts,
      [A.retryGiveUpReason]: event.reason,
      [A.policy]: event.policy,
      [A.errorType]: errorType(event.error),
    });
  }

  /** `fallback.served`: a fallback value replaced the failure. */
  fellBack(event: FallbackServedEvent): void {
    this.#attemptFailed(event.error, this.#invocation.attempt);
    this.#fallback = event.source;
    this.record(E.fallback, {
      [A.policy]: event.policy,
      [A.fallbackSource]: event.source,
      [A.errorType]: errorType(event.error),
    });
  }

  /**
   * The call settled with `value` (`ok`) or failed with it. Only the first call counts, and it
   * never throws: telemetry must not break the call it reports (a failure goes to `diag`).
   */
  end(ok: boolean, value: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    try {
      this.#finish(ok, value);
    } catch (error) {
      diag.error('@ballast/opentelemetry: a call trace could not be ended', error);
    }
  }

  #finish(ok: boolean, value: unknown): void {
    if (!ok) this.#attemptFailed(value, this.#invocation.attempt);
    const attributes: Attributes = {
      [A.attempts]: this.#invocation.attempt,
      [A.outcome]: ok ? (this.#fallback === undefined ? 'success' : 'fallback') : 'error',
    };
    if (!ok) attributes[A.errorType] = errorType(value);
    if (!this.#ownsSpan) {
      if (!ok || this.#eventful) this.record(E.call, attributes);
      return;
    }
    this.#span.setAttributes(attributes);
    // No description: an error message may carry secrets (the log line has it, redacted).
    if (!ok) this.#span.setStatus({ code: SpanStatusCode.ERROR });
    this.#span.end();
  }

  /** Names what ended an attempt when it is a timeout or a breaker's refusal. */
  #attemptFailed(error: unknown, attempt: number): void {
    const cause = RetryExhaustedError.is(error) ? error.cause : error;
    if (cause === undefined || cause === this.#noted) return;
    this.#noted = cause;
    if (TimeoutError.is(cause)) {
      this.record(E.timeout, { [A.attempt]: attempt, [A.timeoutMs]: cause.timeoutMs });
    } else if (CircuitOpenError.is(cause)) {
      const attributes: Attributes = {
        [A.attempt]: attempt,
        [A.policy]: cause.breakerName,
        [A.breakerState]: cause.state.toLowerCase(),
      };
      if (Number.isFinite(cause.retryAfterMs))
        attributes[A.breakerRetryAfterMs] = cause.retryAfterMs;
      this.record(E.breakerRejected, attributes);
    }
  }

  /** Adds span event `name` (in events mode with the call's `code.function.name`). */
  record(name: string, attributes: Attributes): void {
    this.#eventful = true;
    if (!this.#ownsSpan) attributes[A.codeFunctionName] = this.#target.qualifiedName;
    this.#span.addEvent(name, attributes);
  }
}
