/**
 * The attributes `@ballast/opentelemetry` writes on spans and span events. `code.function.name`
 * and `error.type` are OpenTelemetry semantic conventions (stable); the rest are `ballast.*`,
 * where no convention exists. Values are bounded: policy names, fixed enumerations, error codes
 * or class names, and numbers — never arguments, keys of keyed breakers or error messages
 * (those may carry secrets; log lines carry them redacted, correlated by trace id).
 *
 * @example
 * ```ts
 * const served = spans.filter(
 *   (span) => span.attributes[BALLAST_SPAN_ATTRIBUTES.outcome] === 'fallback',
 * );
 * ```
 */
export const BALLAST_SPAN_ATTRIBUTES = Object.freeze({
  /** `Class.method` of the woven call (or the name given to `protect()`). */
  codeFunctionName: 'code.function.name',
  /** On failure: the error's `code` (`BALLAST_ERR_TIMEOUT`, `ECONNRESET`), else its class name. */
  errorType: 'error.type',
  /** Attempts made, the first included (1 without retries). */
  attempts: 'ballast.attempts',
  /** `success`, `fallback` (a fallback value replaced a failure) or `error`. */
  outcome: 'ballast.outcome',
  /** The attempt an event is about (1 = the first call). */
  attempt: 'ballast.attempt',
  /** The policy behind an event: its `name` option, else the method's `Class.method`. */
  policy: 'ballast.policy',
  /** Delay before the next attempt, ms. */
  retryDelayMs: 'ballast.retry.delay_ms',
  /** Why retrying stopped: `max-attempts`, `max-duration`, `deadline` or `budget`. */
  retryGiveUpReason: 'ballast.retry.give_up_reason',
  /** The time limit an attempt hit, ms. */
  timeoutMs: 'ballast.timeout.ms',
  /** Breaker state, lower case: `open`, `half_open`, `forced_open`, `closed`, … */
  breakerState: 'ballast.circuit_breaker.state',
  /** The state a breaker left. */
  breakerPreviousState: 'ballast.circuit_breaker.previous_state',
  /** Why a breaker changed state: `failures`, `probe-failed`, `probes-passed`, `probes-timed-out`, `open-elapsed`. */
  breakerReason: 'ballast.circuit_breaker.reason',
  /** Ms until a refusing breaker lets calls through again (absent while forced open). */
  breakerRetryAfterMs: 'ballast.circuit_breaker.retry_after_ms',
  /** Where a fallback value came from: `value`, `handler`, `method` or `last-known-good`. */
  fallbackSource: 'ballast.fallback.source',
  /** Which hedged attempt an event is about: 1 for the first extra attempt. */
  hedgeNumber: 'ballast.hedge.number',
  /** The delay that elapsed before a hedged attempt was sent, ms. */
  hedgeDelayMs: 'ballast.hedge.delay_ms',
  /** Time from the call's start to the hedged attempt's winning answer, ms. */
  hedgeElapsedMs: 'ballast.hedge.elapsed_ms',
  /** How a cache answered: `hit`, `stale`, `coalesced` (waited for another call's load) or `miss`. */
  cacheResult: 'ballast.cache.result',
  /** Why a stale value was served: `revalidate` (a fresh one is loading) or `error` (the load failed). */
  cacheStaleReason: 'ballast.cache.stale_reason',
  /** How long ago the served value went stale, ms. */
  cacheStaleMs: 'ballast.cache.stale_ms',
  /** What broke a `@Guard` contract: `argument` or `result`. */
  guardSubject: 'ballast.guard.subject',
  /** The position of the argument that broke its contract. */
  guardArgumentIndex: 'ballast.guard.argument_index',
  /** What the guard did: `rejected` (the call failed) or `logged` (log-only mode). */
  guardAction: 'ballast.guard.action',
});

/**
 * The span events `@ballast/opentelemetry` adds, in the order they happen during a call.
 *
 * @example
 * ```ts
 * const retries = span.events.filter((event) => event.name === BALLAST_SPAN_EVENTS.retry);
 * ```
 */
export const BALLAST_SPAN_EVENTS = Object.freeze({
  /** An attempt failed and another follows: `ballast.attempt`, `ballast.retry.delay_ms`, `ballast.policy`, `error.type`. */
  retry: 'ballast.retry',
  /** Retrying stopped: `ballast.attempts`, `ballast.retry.give_up_reason`, `ballast.policy`, `error.type`. */
  retryGiveUp: 'ballast.retry.give_up',
  /** The retry budget refused a retry: `ballast.attempt`, `ballast.policy`. */
  retryBudgetExhausted: 'ballast.retry.budget_exhausted',
  /** An attempt hit its time limit: `ballast.attempt`, `ballast.timeout.ms`. */
  timeout: 'ballast.timeout',
  /** An open breaker refused an attempt: `ballast.attempt`, `ballast.policy`, `ballast.circuit_breaker.state`, `…retry_after_ms`. */
  breakerRejected: 'ballast.circuit_breaker.rejected',
  /** The call moved a breaker: `ballast.policy`, `…previous_state`, `…state`, `…reason`. */
  breakerStateChange: 'ballast.circuit_breaker.state_change',
  /** A fallback value replaced the failure: `ballast.policy`, `ballast.fallback.source`, `error.type`. */
  fallback: 'ballast.fallback',
  /** A hedged attempt was sent: `ballast.hedge.number`, `ballast.hedge.delay_ms`, `ballast.policy`. */
  hedge: 'ballast.hedge',
  /** A hedged attempt answered the call: `ballast.hedge.number`, `ballast.hedge.elapsed_ms`, `ballast.policy`. */
  hedgeWon: 'ballast.hedge.won',
  /** The retry budget refused a hedge: `ballast.policy`. */
  hedgeBudgetExhausted: 'ballast.hedge.budget_exhausted',
  /** How the cache answered the call: `ballast.cache.result`, `ballast.policy`. */
  cacheLookup: 'ballast.cache.lookup',
  /** A stale value was served: `ballast.cache.stale_reason`, `ballast.cache.stale_ms`, `ballast.policy`. */
  cacheStaleServed: 'ballast.cache.stale_served',
  /** A `@Guard` contract was broken: `ballast.guard.subject`, `…argument_index`, `…action`, `ballast.policy`. */
  guardViolation: 'ballast.guard.violation',
  /**
   * Events mode only: a call that did not simply succeed ended — the call-level attributes
   * (`code.function.name`, `ballast.attempts`, `ballast.outcome`, `error.type`).
   */
  call: 'ballast.call',
});
