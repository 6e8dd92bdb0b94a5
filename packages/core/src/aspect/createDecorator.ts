import { originalOf } from '../weaving/createWrapper.js';
import { addRecording, type Recording } from '../weaving/recordings.js';
import { methodWrapper } from '../weaving/weave.js';
import type { Aspect } from './Aspect.js';
import { checkPolicyName } from './defineAspect.js';
import { type AspectDecorator, decoratedMethod } from './methodDecorator.js';

/**
 * Turns an aspect into its decorator. The decorator validates the options at once, records
 * `(aspect, options)` for the method, and puts a wrapper on the prototype so that an instance
 * nobody wove runs its aspects on the default runtime; `weave()` (or a container) binds an
 * instance to its own runtime. A string argument names a policy from the runtime's config,
 * resolved when the chain is built.
 *
 * @example
 * ```ts
 * export const Retry = createDecorator(RetryAspect);
 * class Client { @Retry({ maxAttempts: 5 }) async get() {} @Retry('payments') async pay() {} }
 * ```
 */
export function createDecorator<TOptions, TInput>(
  aspect: Aspect<TOptions, TInput>,
): (input?: TInput | string) => AspectDecorator {
  const decorator = `@${aspect.name}`;
  return (input) => {
    // Validate before knowing the method: a bad option fails at the decorator expression.
    const policy = typeof input === 'string' ? checkPolicyName(decorator, input) : undefined;
    const options =
      policy === undefined ? aspect.validate(input as TInput | undefined, decorator) : undefined;
    return ((...args: unknown[]) =>
      recordAndWrap(decorator, args, [
        { aspect: aspect as Aspect<unknown, unknown>, options, policy },
      ])) as AspectDecorator;
  };
}

/**
 * What every aspect decorator does with the method it lands on: records `recordings` on the
 * original function and puts the prototype wrapper in its place (stacked decorators share one
 * wrapper). Returns what the decorator returns in either decorator mode.
 */
export function recordAndWrap(
  where: string,
  args: readonly unknown[],
  recordings: readonly Recording[],
): unknown {
  const found = decoratedMethod(where, args);
  const wrapper = methodWrapper(found.method, found.key, found.prototype);
  for (const recording of recordings)
    addRecording(originalOf(wrapper), recording, `${where} on ${found.label}`);
  return found.replaceWith(wrapper);
}
