import type { Runtime } from '../runtime/Runtime.js';
import type { Invocation } from '../weaving/Invocation.js';
import type { MethodKind } from '../weaving/MethodKind.js';

/**
 * Calls the rest of the chain (the next aspect, finally the method). May be called again
 * (retry). For a method known to be async it never throws: whatever fails below, synchronously
 * or not, comes back as a rejected promise (see {@link Advice}).
 */
export type Next = (invocation: Invocation) => unknown;

/**
 * What an aspect does around a call: `(invocation, next) => result`.
 *
 * An advice may throw synchronously (a user's key function or validator, a violation, its own
 * bug) and leave the answer to the kernel, which decides it once per method: an async method's
 * caller, and every advice above, gets a promise rejected with the error, never a synchronous
 * throw; a synchronous method's caller gets the throw; while the kind is unknown, see
 * {@link MethodKind}. An advice that refuses a call on purpose (an open circuit, a cancelled
 * signal) returns `kind.refuse(error)`, which answers the same way without a throw.
 *
 * @example
 * ```ts
 * // A key function that throws needs no try/catch here: the kernel answers it.
 * const perTenant: Advice = (invocation, next) => {
 *   counters.add(tenantOf(invocation.args));
 *   return next(invocation);
 * };
 * ```
 */
export type Advice = (invocation: Invocation, next: Next) => unknown;

/** The method an advice is built for, known at weave time. */
export interface AdviceTarget {
  /** Class name, or the name given to `protect()`. */
  readonly className: string;
  /** Method or function name. */
  readonly methodName: string;
  /** `Class.method`, used in messages, events and metric labels. */
  readonly qualifiedName: string;
  /** The class prototype that declares the method (undefined for `protect()`). */
  readonly prototype: object | undefined;
  /** The undecorated function. */
  readonly original: (...args: never[]) => unknown;
  /** true: returns a promise; false: synchronous; undefined: not known until the first call. */
  readonly isAsync: boolean | undefined;
}

/** What {@link defineAspect} takes: the whole contract of an aspect. */
export interface AspectSpec<TOptions, TInput> {
  /** Decorator name without `@`, e.g. `Retry`. Also the key of its named policies in config. */
  readonly name: string;
  /** Position in the chain: lower runs outside higher. See {@link AspectPrecedence}. */
  readonly precedence: number;
  /** Whether the aspect can run around a synchronous method with these options. */
  readonly supportsSync: boolean | ((options: TOptions) => boolean);
  /**
   * Validates and normalises decorator input at decoration time; throws a `ConfigError` that
   * says what was wrong and what is allowed. `where` names the caller for messages.
   */
  validate(input: TInput | undefined, where: string): TOptions;
  /**
   * Builds the advice once per woven method. May throw a coded error (weave-time checks). The
   * advice itself may throw synchronously: the kernel answers the throw as the method answers
   * (see {@link Advice}). An advice that refuses a call on purpose, without a throw, returns
   * `kind.refuse(error)`: a rejected promise for an async method, a throw for a sync one.
   */
  create(options: TOptions, runtime: Runtime, target: AdviceTarget, kind: MethodKind): Advice;
}

/** An aspect applied without a decorator, for `protect()` and `protectModule()`. */
export interface AspectUse {
  readonly aspect: Aspect<unknown, unknown>;
  /** Validated options; undefined when `policy` names them. */
  readonly options: unknown;
  /** Name of a policy in the runtime's config, resolved at weave time. */
  readonly policy: string | undefined;
}

/** A defined aspect: its spec plus {@link Aspect.use} for call-function mode. */
export interface Aspect<TOptions, TInput> extends AspectSpec<TOptions, TInput> {
  /** Validates `input` now and returns a use for `protect()`; a string names a policy. */
  use(input?: TInput | string): AspectUse;
}
