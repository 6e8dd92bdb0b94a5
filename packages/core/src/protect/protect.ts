import type { AdviceTarget, AspectUse } from '../aspect/Aspect.js';
import { ConfigError, RuntimeDisposedError } from '../errors/kernelErrors.js';
import { defaultRuntime } from '../runtime/defaultRuntime.js';
import { OptionsReader } from '../options/OptionsReader.js';
import type { Runtime } from '../runtime/Runtime.js';
import { buildChain } from '../weaving/buildChain.js';
import { createWrapper } from '../weaving/createWrapper.js';
import { detectAsync } from '../weaving/detectAsync.js';
import type { Invocation } from '../weaving/Invocation.js';
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
  /**
   * Cancels the calls made without a signal of their own in the call context (e.g. a shutdown
   * signal): see `CancelledError`.
   * @default none
   */
  readonly signal?: AbortSignal;
}

/** A composed chain and the target it was built for; see {@link compose}. */
export interface ComposedChain {
  /** Runs one call through every aspect; make the `Invocation` with `target`. */
  readonly chain: (invocation: Invocation) => unknown;
  readonly target: AdviceTarget;
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
 * Composes `uses` around `fn` once, for a caller that makes its own {@link Invocation} per call
 * (a reusable policy's `execute()` sets the invocation's `signal` itself). `protect()` is this
 * plus a wrapper function.
 *
 * @example
 * ```ts
 * const { chain, target } = compose(run, [retry(), timeout(1_000)], { name: 'payments' });
 * const invocation = new Invocation(undefined, [job], target);
 * invocation.signal = signal;
 * await chain(invocation);
 * ```
 */
export function compose(
  fn: AnyFunction,
  uses: readonly AspectUse[],
  options: Omit<ProtectOptions, 'thisArg'> = {},
): ComposedChain {
  if (typeof fn !== 'function')
    throw new ConfigError(`protect: expected a function (got ${typeof fn}).`);
  const read = new OptionsReader('protect', options, [
    'runtime',
    'name',
    'order',
    'thisArg',
    'signal',
  ]);
  const runtime = options.runtime ?? defaultRuntime();
  if (runtime.disposed) throw new RuntimeDisposedError();
  const name = read.string('name', fn.name || 'anonymous');
  const signal = options.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw new ConfigError(`protect(${name}): option "signal" must be an AbortSignal.`);
  const recordings = recordingsFromUses(uses, `protect(${name})`);
  const target: AdviceTarget = {
    className: 'function',
    methodName: name,
    qualifiedName: name,
    prototype: undefined,
    original: fn,
    isAsync: detectAsync(fn),
  };
  const inner = buildChain(recordings, options.order, target, runtime);
  const chain =
    signal === undefined
      ? inner
      : (invocation: Invocation) => {
          invocation.signal ??= signal;
          return inner(invocation);
        };
  return { chain, target };
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
  const { chain, target } = compose(fn, uses, options);
  const bound = 'thisArg' in options ? { value: options.thisArg } : undefined;
  return createWrapper(fn, chain, target, bound) as F;
}
