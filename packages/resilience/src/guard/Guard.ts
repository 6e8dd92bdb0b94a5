import { AspectPrecedence, type AspectUse, createDecorator, defineAspect } from '@ballast/core';
import { GuardAdvice } from './GuardAdvice.js';
import type { GuardOptions } from './GuardOptions.js';
import { type GuardPolicy, readGuardPolicy } from './GuardPolicy.js';

/**
 * The guard aspect. Runs inside `@SafeLog` (a refused call is still logged) and outside every
 * other resilience aspect: a bad argument is refused before anything spends a cache look-up, a
 * permit, a token or a retry, and the result contract sees the value the caller would get (a
 * cached or a fallback value too). Synchronous methods stay synchronous.
 */
export const GuardAspect = defineAspect<GuardPolicy, GuardOptions>({
  name: 'Guard',
  precedence: AspectPrecedence.Guard,
  supportsSync: true,
  validate: (input, where) => readGuardPolicy(input, where),
  create: (policy, runtime, target, kind) => new GuardAdvice(policy, runtime, target, kind).advise,
});

/**
 * Argument and result contracts from any Standard Schema validator (zod, valibot, ArkType, or
 * the `nonNull` shorthand). A broken contract is a `ContractViolationError` naming the argument
 * and the issue: thrown before the method runs (arguments) or in place of the bad value (the
 * result). `mode: 'log-only'` counts and announces violations without failing the call.
 *
 * @example
 * ```ts
 * class Users {
 *   @Guard({ args: [z.string().uuid(), z.string().min(1)], result: 'nonNull' })
 *   async rename(id: string, name: string): Promise<User> { … }
 * }
 * ```
 */
export const Guard = createDecorator(GuardAspect);

/**
 * The functional form of {@link Guard} for `protect()` and `protectModule()`.
 *
 * @example
 * ```ts
 * const parse = protect(parseOrder, [guard({ args: [z.string()], result: OrderSchema })], { runtime });
 * ```
 */
export function guard(options: GuardOptions | string): AspectUse {
  return GuardAspect.use(options);
}
