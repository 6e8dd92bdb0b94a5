import { addRecording } from '../weaving/recordings.js';
import type { Aspect } from './Aspect.js';
import { checkPolicyName } from './defineAspect.js';
import { type AspectDecorator, decoratedMethod } from './methodDecorator.js';

/**
 * Turns an aspect into its decorator. The decorator only records `(aspect, options)` for the
 * method and validates the options at once; nothing runs until a runtime weaves the instance.
 * A string argument names a policy from the runtime's config, resolved when weaving.
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
    return ((...args: unknown[]) => {
      const { method, label } = decoratedMethod(decorator, args);
      addRecording(
        method,
        { aspect: aspect as Aspect<unknown, unknown>, options, policy },
        `${decorator} on ${label}`,
      );
    }) as AspectDecorator;
  };
}
