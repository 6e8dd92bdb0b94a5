import { type AspectDecorator, ConfigError, defaultRuntime, Runtime } from '@ballast/core';
import type { ResilienceOptions } from './ResilienceOptions.js';
import { ResiliencePolicy } from './ResiliencePolicy.js';

/**
 * Builds a reusable policy once from the decorators' options: every option is validated now
 * (a `ConfigError` names the bad one), and the breaker, retry budget and statistics live as
 * long as the policy, shared by every `execute()` and every method it decorates.
 *
 * @example
 * ```ts
 * const payments = resilience({
 *   name: 'payments',
 *   retry: { maxAttempts: 3 },
 *   circuitBreaker: { failureRateThreshold: 50 },
 *   timeout: 2_000,
 * });
 * const receipt = await payments.execute(({ signal }) => charge(order, { signal }));
 * ```
 */
export function resilience(options: ResilienceOptions): ResiliencePolicy {
  const runtime = (options as ResilienceOptions | undefined)?.runtime ?? defaultRuntime();
  if (!(runtime instanceof Runtime))
    throw new ConfigError('resilience: option "runtime" must be a Runtime from createRuntime().');
  return new ResiliencePolicy(options, runtime);
}

/**
 * Applies a reusable policy's aspects to a method. Woven on the policy's runtime, the method
 * shares its breaker, retry budget and statistics with `policy.execute()`.
 *
 * @example
 * ```ts
 * class PaymentsClient {
 *   @Resilient(payments)
 *   async charge(order: Order): Promise<Receipt> { … }
 * }
 * ```
 */
export function Resilient(policy: ResiliencePolicy): AspectDecorator {
  if (!(policy instanceof ResiliencePolicy))
    throw new ConfigError('@Resilient: expected a policy made by resilience({ ... }).');
  return policy.decorator();
}
