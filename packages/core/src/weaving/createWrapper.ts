import type { AdviceTarget } from '../aspect/Aspect.js';
import { Invocation } from './Invocation.js';

type AnyFunction = (...args: never[]) => unknown;
type Chain = (invocation: Invocation) => unknown;

const ORIGINAL = Symbol.for('ballast.original');
// Marks the wrapper a decorator leaves on the prototype, so stacked decorators share one.
const METHOD_WRAPPER = Symbol.for('ballast.methodWrapper');

interface MetadataApi {
  getOwnMetadataKeys?: (target: object) => unknown[];
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
}

function copyFunctionMetadata(from: AnyFunction, to: AnyFunction): void {
  const api = Reflect as MetadataApi;
  if (
    api.getOwnMetadataKeys === undefined ||
    api.getOwnMetadata === undefined ||
    api.defineMetadata === undefined
  ) {
    return;
  }
  for (const key of api.getOwnMetadataKeys(from))
    api.defineMetadata(key, api.getOwnMetadata(key, from), to);
}

function copyOwnProperties(from: AnyFunction, to: AnyFunction): void {
  for (const key of Reflect.ownKeys(from)) {
    // A wrapper of a wrapper records its own original, not the inner one's.
    if (
      key === 'prototype' ||
      key === 'arguments' ||
      key === 'caller' ||
      key === ORIGINAL ||
      key === METHOD_WRAPPER
    )
      continue;
    const descriptor = Object.getOwnPropertyDescriptor(from, key);
    if (descriptor !== undefined) Object.defineProperty(to, key, descriptor);
  }
}

/**
 * Gives `wrapper` the identity of `replaced` (`name`, `length`, other own properties,
 * function-level reflect metadata, including what decorators above ours put on it) and
 * remembers `original` for {@link originalOf}.
 */
export function adoptIdentity(
  wrapper: AnyFunction,
  replaced: AnyFunction,
  original: AnyFunction,
): void {
  copyOwnProperties(replaced, wrapper);
  copyFunctionMetadata(replaced, wrapper);
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
}

/**
 * Wraps `replaced` so each call runs `chain` (which ends in `target.original`). The wrapper
 * keeps the identity of `replaced` (see {@link adoptIdentity}). With `boundThis`, calls ignore
 * their own `this` (module functions).
 */
export function createWrapper(
  replaced: AnyFunction,
  chain: Chain,
  target: AdviceTarget,
  boundThis?: { readonly value: unknown },
): AnyFunction {
  const wrapper =
    boundThis === undefined
      ? function (this: unknown, ...args: unknown[]): unknown {
          return chain(new Invocation(this, args, target));
        }
      : function (...args: unknown[]): unknown {
          return chain(new Invocation(boundThis.value, args, target));
        };
  adoptIdentity(wrapper, replaced, target.original);
  return wrapper;
}

/** Marks the wrapper a decorator leaves on a class prototype. */
export function markMethodWrapper(wrapper: AnyFunction): void {
  Object.defineProperty(wrapper, METHOD_WRAPPER, { value: true });
}

/** True for the wrapper a decorator left on a class prototype. */
export function isMethodWrapper(fn: unknown): fn is AnyFunction {
  return typeof fn === 'function' && METHOD_WRAPPER in fn;
}

/** The undecorated function behind a wrapper (for tests), or `fn` itself. */
export function originalOf<F extends AnyFunction>(fn: F): F {
  return ((fn as unknown as Record<symbol, F | undefined>)[ORIGINAL] ?? fn) as F;
}
