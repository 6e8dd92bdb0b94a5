import { ConfigError } from '../errors/kernelErrors.js';
import type { Aspect, AspectSpec, AspectUse } from './Aspect.js';
import { registerAspect } from './aspectRegistry.js';

const ASPECT_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** Checks a policy name given to a decorator or `use()`. */
export function checkPolicyName(where: string, name: string): string {
  if (name.trim().length === 0) {
    throw new ConfigError(`${where}: a policy name must be a non-empty string (got "${name}").`);
  }
  return name;
}

/**
 * Defines an aspect from its contract. The result is passed to {@link createDecorator} to get
 * the decorator, and its `use()` gives the call-function form for `protect()`. The advice needs
 * no `try/catch` to turn a synchronous throw into a rejection for an async method: the kernel
 * does that once for every aspect of the chain (see `Advice`), and keeps the throw for a
 * synchronous method.
 *
 * @example
 * ```ts
 * export const TraceAspect = defineAspect<TraceOptions, TraceInput>({
 *   name: 'Trace',
 *   precedence: 150,
 *   supportsSync: true,
 *   validate: (input, where) => readTraceOptions(input, where),
 *   create: (options) => (invocation, next) => next(invocation),
 * });
 * export const Trace = createDecorator(TraceAspect);
 * ```
 */
export function defineAspect<TOptions, TInput = TOptions>(
  spec: AspectSpec<TOptions, TInput>,
): Aspect<TOptions, TInput> {
  if (!ASPECT_NAME.test(spec.name)) {
    throw new ConfigError(
      `defineAspect: name must be PascalCase letters and digits, like "Retry" (got "${spec.name}").`,
    );
  }
  if (!Number.isFinite(spec.precedence)) {
    throw new ConfigError(`defineAspect(${spec.name}): precedence must be a finite number.`);
  }
  const aspect: Aspect<TOptions, TInput> = Object.freeze({
    ...spec,
    use(input?: TInput | string): AspectUse {
      const where = `${spec.name}.use()`;
      if (typeof input === 'string') {
        return {
          aspect: aspect as Aspect<unknown, unknown>,
          options: undefined,
          policy: checkPolicyName(where, input),
        };
      }
      return {
        aspect: aspect as Aspect<unknown, unknown>,
        options: spec.validate(input, where),
        policy: undefined,
      };
    },
  });
  registerAspect(aspect as Aspect<unknown, unknown>);
  return aspect;
}
