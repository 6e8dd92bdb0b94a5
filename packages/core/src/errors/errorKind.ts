import { BallastError, type ErrorKind } from './BallastError.js';
import { readProperty } from '../values/readProperty.js';

/**
 * The {@link ErrorKind} a ballast error's class declares (from any package and any copy of it,
 * an application's own `BallastError` subclasses included), or undefined for any other value.
 * Never throws. Aspects read it to tell failures apart: no retry helps a `config` or `permanent`
 * error, and no fallback may hide a `config` one.
 *
 * @example
 * ```ts
 * if (errorKind(error) === 'config') throw error; // a bug to fix, never a value to substitute
 * ```
 */
export function errorKind(error: unknown): ErrorKind | undefined {
  if (!BallastError.is(error)) return undefined;
  const kind = readProperty(error, 'kind');
  return kind === 'config' || kind === 'rejection' || kind === 'transient' || kind === 'permanent'
    ? kind
    : undefined;
}
