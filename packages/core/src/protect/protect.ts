import type { AdviceTarget, AspectUse } from '../aspect/Aspect.js';
import { ConfigError, RuntimeDisposedError } from '../errors/kernelErrors.js';
import { defaultRuntime } from '../runtime/defaultRuntime.js';
import type { Runtime } from '../runtime/Runtime.js';
import { buildChain } from '../weaving/buildChain.js';
import { createWrapper } from '../weaving/createWrapper.js';
import { detectAsync } from '../weaving/detectAsync.js';
import { appendRecording, type Recording } from '../weaving/recordings.js';

/** Options for {@link protect}. */
export interface ProtectOptions {
  /** Runtime that owns timers, events and policies. Default: a process-wide runtime. */
  readonly runtime?: Runtime;
  /** Name used in messages, events and metrics. Default: the function's name. */
  readonly name?: string;
  /** Explicit aspect order, outermost first (validated like `@AspectOrder`). */
  readonly order?: readonly string[];
  /** Fixed `this` for every call (e.g. the module a function belongs to). */
  readonly thisArg?: unknown;
}

type AnyFunction = (...args: never[]) => unknown;

/** @internal validates uses the way decorators validate recordings. */
export function recordingsFromUses(uses: readonly AspectUse[], where: string): Recording[] {
  if (!Array.isArray(uses))
    throw new ConfigError(`${where}: aspects must be an array of Aspect.use(...) values.`);
  const recordings: Recording[] = [];
  for (const use of uses) {
    if (typeof use !== 'object' || use === null || typeof use.aspect?.create !== 'function') {
      throw new ConfigError(
        `${where}: every aspect must come from Aspect.use(...) or an aspect's functional form.`,
      );
    }
    appendRecording(recordings, use, where);
  }
  return recordings;
}

/**
 * Wraps a plain function with aspects, without decorators ("call-function mode"). Same options
 * and semantics as the decorators.
 *
 * @example
 * ```ts
 * const readConfig = protect(fs.promises.readFile, [timeout(500), retry({ maxAttempts: 2 })], { name: 'readConfig' });
 * ```
 */
export function protect<F extends AnyFunction>(
  fn: F,
  uses: readonly AspectUse[],
  options: ProtectOptions = {},
): F {
  if (typeof fn !== 'function')
    throw new ConfigError(`protect: expected a function (got ${typeof fn}).`);
  const runtime = options.runtime ?? defaultRuntime();
  if (runtime.disposed) throw new RuntimeDisposedError();
  const name = options.name ?? (fn.name || 'anonymous');
  const recordings = recordingsFromUses(uses, `protect(${name})`);
  const target: AdviceTarget = {
    className: 'function',
    methodName: name,
    qualifiedName: name,
    prototype: undefined,
    original: fn,
    isAsync: detectAsync(fn),
  };
  const chain = buildChain(recordings, options.order, target, runtime);
  const bound = 'thisArg' in options ? { value: options.thisArg } : undefined;
  return createWrapper(fn, chain, target, bound) as F;
}
