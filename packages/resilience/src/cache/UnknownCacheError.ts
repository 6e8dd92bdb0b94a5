import { BallastError } from '@ballast/core';

/**
 * A cache-registry operation named no cache of the runtime; the message lists the known names.
 *
 * @example
 * ```ts
 * try { await cacheRegistry(runtime).invalidateKey('Users.profil', 'u-1'); }
 * catch (error) { if (UnknownCacheError.is(error)) console.error(error.message); } // a typo
 * ```
 */
export class UnknownCacheError extends BallastError {
  override readonly name = 'UnknownCacheError';
  static override readonly code = 'BALLAST_ERR_UNKNOWN_CACHE';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 404;
  constructor(message: string) {
    super(UnknownCacheError.code, message);
  }
}
