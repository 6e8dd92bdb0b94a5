import type { AdviceTarget, Next } from '../aspect/Aspect.js';
import { ConfigError, RuntimeDisposedError } from '../errors/kernelErrors.js';
import type { Runtime } from '../runtime/Runtime.js';
import { buildChain } from './buildChain.js';
import { createWrapper } from './createWrapper.js';
import { detectAsync } from './detectAsync.js';
import { orderOf, recordingsOf } from './recordings.js';

type AnyFunction = (...args: never[]) => unknown;

const chainsByRuntime = new WeakMap<
  Runtime,
  WeakMap<AnyFunction, { chain: Next; target: AdviceTarget }>
>();

// One chain per method per runtime: every instance of a class (transients included) shares the
// same breaker, budget and statistics, and composing happens once.
function chainFor(
  runtime: Runtime,
  method: AnyFunction,
  prototype: object,
  key: string | symbol,
): { chain: Next; target: AdviceTarget } | undefined {
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
    (prototype as { constructor?: { name?: string } }).constructor?.name ?? 'anonymous';
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

/**
 * Installs an own-property wrapper on `instance` for every decorated method found on its
 * prototype chain. Self-calls (`this.other()`) go through the wrapper; `#private` access keeps
 * working because the original runs with the real instance as `this`. Weaving twice is a no-op.
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
      // An own property (our earlier wrapper, or the instance's own function) shadows the method.
      if (Object.prototype.hasOwnProperty.call(instance, key)) continue;
      const method = descriptor.value as AnyFunction;
      const entry = chainFor(runtime, method, prototype, key);
      if (entry === undefined) continue;
      Object.defineProperty(instance, key, {
        value: createWrapper(method, entry.chain, entry.target),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
  }
  return instance;
}
