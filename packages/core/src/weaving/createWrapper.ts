import type { AdviceTarget } from '../aspect/Aspect.js';
import { Invocation } from './Invocation.js';

type AnyFunction = (...args: never[]) => unknown;
type Chain = (invocation: Invocation) => unknown;

const ORIGINAL = Symbol.for('ballast.original');

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
    if (key === 'prototype' || key === 'arguments' || key === 'caller' || key === ORIGINAL)
      continue;
    const descriptor = Object.getOwnPropertyDescriptor(from, key);
    if (descriptor !== undefined) Object.defineProperty(to, key, descriptor);
  }
}

/**
 * Wraps `original` so each call runs `chain`. The wrapper keeps `name`, `length`, other own
 * properties and function-level reflect metadata, and remembers the original (see
 * {@link originalOf}). With `boundThis`, calls ignore their own `this` (module functions).
 */
export function createWrapper(
  original: AnyFunction,
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
  copyOwnProperties(original, wrapper);
  copyFunctionMetadata(original, wrapper);
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
  return wrapper;
}

/** True when `fn` is a ballast wrapper. */
export function isWoven(fn: unknown): boolean {
  return typeof fn === 'function' && ORIGINAL in fn;
}

/** The undecorated function behind a wrapper (for tests), or `fn` itself. */
export function originalOf<F extends AnyFunction>(fn: F): F {
  return ((fn as unknown as Record<symbol, F | undefined>)[ORIGINAL] ?? fn) as F;
}
