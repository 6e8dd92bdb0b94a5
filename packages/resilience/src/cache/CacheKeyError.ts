import { BallastError, type BallastErrorOptions } from '@ballast/core';

/**
 * A cached call's arguments cannot be made into a key: a function, a symbol, a cycle, a class
 * instance without `toJSON`, an argument that cannot be read (a getter or `toJSON` that throws,
 * nesting deeper than the stack), or a `key` function that threw or returned no string. Thrown
 * before the method runs; never retried or replaced by a fallback.
 *
 * @example
 * ```ts
 * try { await users.profile(request); }
 * catch (error) { if (CacheKeyError.is(error)) console.error(error.message); } // give @Cache a key
 * ```
 */
export class CacheKeyError extends BallastError {
  override readonly name = 'CacheKeyError';
  static override readonly code = 'BALLAST_ERR_CACHE_KEY';
  static override readonly kind = 'config';
  constructor(message: string, options?: BallastErrorOptions) {
    super(CacheKeyError.code, message, options);
  }
}
