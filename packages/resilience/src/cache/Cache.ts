import { AspectPrecedence, type AspectUse, createDecorator, defineAspect } from '@ballast/core';
import { CacheAdvice } from './CacheAdvice.js';
import type { CacheOptions } from './CacheOptions.js';
import { type CachePolicy, cachesSync, readCachePolicy } from './CachePolicy.js';

/**
 * The cache aspect. Runs inside `@Guard` (arguments are checked before they are keyed) and
 * `@Fallback` (a fallback value is never cached, and stale-if-error is tried before a fallback
 * value), outside `@Retry`: a hit skips every layer below, and stale-if-error sees the final
 * failure, after every retry. Works on synchronous methods with the in-memory store and no
 * stale-while-revalidate.
 */
export const CacheAspect = defineAspect<CachePolicy, CacheOptions>({
  name: 'Cache',
  precedence: AspectPrecedence.Cache,
  supportsSync: cachesSync,
  validate: (input, where) => readCachePolicy(input, where),
  create: (policy, runtime, target, kind) =>
    new CacheAdvice(policy, runtime, target, kind, `@Cache on ${target.qualifiedName}`).advise,
});

/**
 * Caches a method's results, bounded by entries and bytes, with a TTL per entry. Concurrent
 * misses of one key make one call (single flight); stale values can be served while a fresh
 * one loads (`staleWhileRevalidateMs`) or when loading fails (`staleIfErrorMs`). Entries are
 * keyed by the arguments (a stable serialization) unless `key` says otherwise, and can be
 * invalidated by key or tag with `cacheRegistry(runtime)`.
 *
 * @example
 * ```ts
 * class Users {
 *   @Cache({ ttlMs: 30_000, staleIfErrorMs: 600_000, tags: ([id]) => [`user:${id}`] })
 *   async profile(id: string): Promise<Profile> { … }
 * }
 * ```
 */
export const Cache = createDecorator(CacheAspect);

/**
 * The functional form of {@link Cache} for `protect()` and `protectModule()`.
 *
 * @example
 * ```ts
 * const rates = protect(fetchRates, [cache({ ttlMs: 60_000 }), retry()], { runtime, name: 'rates' });
 * ```
 */
export function cache(options?: CacheOptions | string): AspectUse {
  return CacheAspect.use(options);
}
