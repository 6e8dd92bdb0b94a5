import { type AspectUse, AspectPrecedence, createDecorator, defineAspect } from '@ballast/core';
import { RetryAdvice } from './RetryAdvice.js';
import type { RetryOptions } from './RetryOptions.js';
import { type RetryPolicy, readRetryPolicy } from './RetryPolicy.js';

/**
 * The retry aspect. Runs inside `@Fallback` and outside `@CircuitBreaker`, so every attempt
 * passes the breaker and only the final failure reaches a fallback. Synchronous methods are
 * supported only with a zero-delay backoff (`new ConstantBackoff(0)`): any other delay needs time.
 */
export const RetryAspect = defineAspect<RetryPolicy, RetryOptions>({
  name: 'Retry',
  precedence: AspectPrecedence.Retry,
  supportsSync: (policy) => policy.backoff.immediate === true,
  validate: (input, where) => readRetryPolicy(input, where),
  create: (policy, runtime, target, kind) => new RetryAdvice(policy, runtime, target, kind).advise,
});

/**
 * Retries a failing method: 3 attempts in total by default, decorrelated-jitter delays capped at
 * 10 s, bounded by a retry budget, the call's deadline and (optionally) `maxDuration`. Gives up
 * with a `RetryExhaustedError`. A string names a policy from the runtime's config.
 *
 * @example
 * ```ts
 * class PaymentsClient {
 *   @Retry({ maxAttempts: 4, retryOn: ['ECONNRESET', 'ETIMEDOUT'], abortOn: ValidationError })
 *   async quote(req: QuoteRequest): Promise<Quote> { … }
 *
 *   @Retry('payments') // config.policies.Retry.payments
 *   async pay(req: PayRequest): Promise<Receipt> { … }
 * }
 * ```
 */
export const Retry = createDecorator(RetryAspect);

/**
 * The functional form of {@link Retry} for `protect()` and `protectModule()`.
 *
 * @example
 * ```ts
 * const fetchQuote = protect(rawFetchQuote, [retry({ maxAttempts: 5 }), timeout(1_000)], { runtime });
 * ```
 */
export function retry(options?: RetryOptions | string): AspectUse {
  return RetryAspect.use(options);
}
