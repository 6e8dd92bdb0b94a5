import type { AdviceTarget } from '../aspect/Aspect.js';
import { Invocation } from './Invocation.js';

type AnyFunction = (...args: never[]) => unknown;
type Chain = (invocation: Invocation) => unknown;

const ORIGINAL = Symbol.for('ballast.original');
// Marks the wrapper a decorator leaves on the prototype: it is not bound to any runtime.
const UNBOUND = Symbol.for('ballast.unbound');

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
      key === UNBOUND
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

/** Marks a decorator's prototype wrapper, which {@link isWoven} does not count as woven. */
export function markUnbound(wrapper: AnyFunction): void {
  Object.defineProperty(wrapper, UNBOUND, { value: true });
}

/** True for the wrapper a decorator installed on a class prototype. */
export function isUnboundWrapper(fn: unknown): boolean {
  return typeof fn === 'function' && UNBOUND in fn;
}

/**
 * True when `fn` is a ballast wrapper bound to a runtime: installed by `weave()` (or a
 * container) on an instance, or returned by `protect()`. The wrapper a decorator leaves on the
 * prototype (which runs on the default runtime) does not count.
 */
export function isWoven(fn: unknown): boolean {
  return typeof fn === 'function' && ORIGINAL in fn && !(UNBOUND in fn);
}

/** The undecorated function behind a wrapper (for tests), or `fn` itself. */
export function originalOf<F extends AnyFunction>(fn: F): F {
  return ((fn as unknown as Record<symbol, F | undefined>)[ORIGINAL] ?? fn) as F;
}
