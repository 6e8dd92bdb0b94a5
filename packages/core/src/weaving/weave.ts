import type { AdviceTarget, Next } from '../aspect/Aspect.js';
import { ConfigError, RuntimeDisposedError } from '../errors/kernelErrors.js';
import { defaultRuntime } from '../runtime/defaultRuntime.js';
import type { Runtime } from '../runtime/Runtime.js';
import { buildChain } from './buildChain.js';
import {
  adoptIdentity,
  createWrapper,
  isUnboundWrapper,
  markUnbound,
  originalOf,
} from './createWrapper.js';
import { detectAsync } from './detectAsync.js';
import { Invocation } from './Invocation.js';
import { orderOf, recordingsOf } from './recordings.js';

type AnyFunction = (...args: never[]) => unknown;
interface ChainEntry {
  readonly chain: Next;
  readonly target: AdviceTarget;
}

const chainsByRuntime = new WeakMap<Runtime, WeakMap<AnyFunction, ChainEntry>>();
const boundRuntimes = new WeakMap<object, Runtime>();

// One chain per method per runtime: every instance of a class (transients included) shares the
// same breaker, budget and statistics, and composing happens once.
function chainFor(
  runtime: Runtime,
  method: AnyFunction,
  prototype: object | undefined,
  key: string | symbol,
): ChainEntry | undefined {
  let perRuntime = chainsByRuntime.get(runtime);
  if (perRuntime === undefined) {
    perRuntime = new WeakMap();
    chainsByRuntime.set(runtime, perRuntime);
  }
  const cached = perRuntime.get(method);
  if (cached !== undefined) return cached;
  const recordings = recordingsOf(method);
  if (recordings === undefined) return undefined;
  const className =
    (prototype as { constructor?: { name?: string } } | undefined)?.constructor?.name ??
    'anonymous';
  const methodName = String(key);
  const target: AdviceTarget = {
    className,
    methodName,
    qualifiedName: `${className}.${methodName}`,
    prototype,
    original: method,
    isAsync: detectAsync(method, prototype, key),
  };
  const entry = { chain: buildChain(recordings, orderOf(method), target, runtime), target };
  perRuntime.set(method, entry);
  return entry;
}

/** The object on `instance`'s prototype chain that holds `fn` under `key`, if any. */
function ownerOf(instance: unknown, key: string | symbol, fn: AnyFunction): object | undefined {
  if ((typeof instance !== 'object' && typeof instance !== 'function') || instance === null)
    return undefined;
  for (
    let prototype = Object.getPrototypeOf(instance) as object | null;
    prototype !== null;
    prototype = Object.getPrototypeOf(prototype) as object | null
  ) {
    if (Object.getOwnPropertyDescriptor(prototype, key)?.value === fn) return prototype;
  }
  return undefined;
}

/**
 * The runtime an instance runs its aspects on: the one `weave()` bound it to, else the
 * process-wide {@link defaultRuntime}.
 *
 * @example
 * ```ts
 * const service = new PaymentsClient(); // never woven
 * runtimeOfInstance(service) === defaultRuntime(); // true
 * ```
 */
export function runtimeOfInstance(instance: object): Runtime {
  return boundRuntimes.get(instance) ?? defaultRuntime();
}

/**
 * The wrapper a decorator leaves on the class prototype in place of `method`, so an instance
 * nobody wove is still protected. A call runs the chain built for the instance's runtime (see
 * {@link runtimeOfInstance}); woven instances normally bypass it through their own-property
 * wrappers, and reach it only through `super.method()`. `prototype` is known to legacy
 * decorators; standard ones find it on the first call.
 */
export function unboundWrapper(
  method: AnyFunction,
  key: string | symbol,
  prototype: object | undefined,
): AnyFunction {
  if (isUnboundWrapper(method)) return method;
  let owner = prototype;
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const runtime = boundRuntimes.get(this as object) ?? defaultRuntime();
    owner ??= ownerOf(this, key, wrapper);
    const { chain, target } = chainFor(runtime, method, owner, key)!;
    return chain(new Invocation(this, args, target));
  };
  adoptIdentity(wrapper, method, method);
  markUnbound(wrapper);
  return wrapper;
}

/**
 * Binds `instance` to `runtime` and installs an own-property wrapper for every decorated method
 * found on its prototype chain (the fast path: no runtime look-up per call). Self-calls
 * (`this.other()`) go through the wrapper; `#private` access keeps working because the original
 * runs with the real instance as `this`. Weaving twice is a no-op: the first runtime stays.
 *
 * @returns the same instance.
 * @example
 * ```ts
 * const runtime = createRuntime();
 * const client = weave(new PaymentsClient(), runtime);
 * ```
 */
export function weave<T extends object>(instance: T, runtime: Runtime): T {
  if ((typeof instance !== 'object' && typeof instance !== 'function') || instance === null) {
    throw new ConfigError(
      `weave: expected an object to weave (got ${instance === null ? 'null' : typeof instance}).`,
    );
  }
  if (runtime.disposed) throw new RuntimeDisposedError();
  if (boundRuntimes.has(instance)) return instance;
  const seen = new Set<string | symbol>();
  for (
    let prototype = Object.getPrototypeOf(instance) as object | null;
    prototype !== null && prototype !== Object.prototype;
    prototype = Object.getPrototypeOf(prototype) as object | null
  ) {
    for (const key of Reflect.ownKeys(prototype)) {
      if (key === 'constructor' || seen.has(key)) continue;
      seen.add(key);
      const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
      if (descriptor === undefined || typeof descriptor.value !== 'function') continue;
      // The instance's own function shadows the method.
      if (Object.prototype.hasOwnProperty.call(instance, key)) continue;
      const found = descriptor.value as AnyFunction;
      const entry = chainFor(runtime, originalOf(found), prototype, key);
      if (entry === undefined) continue;
      Object.defineProperty(instance, key, {
        value: createWrapper(found, entry.chain, entry.target),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
  }
  boundRuntimes.set(instance, runtime);
  return instance;
}
