import { murmur3 } from './murmur3.js';

/** Seed Unleash uses when it picks a weighted variant (rollouts use seed 0). */
export const VARIANT_SEED = 86028157;

/**
 * The Unleash bucket of `key` in `groupId`: `murmur3_x86_32(groupId + ':' + key, seed) % normalizer + 1`,
 * a number in 1..normalizer. A rollout of p % includes the key iff its bucket (normalizer 100)
 * is ≤ p, so raising p only ever adds keys.
 *
 * @param normalizer - number of buckets. @default 100
 * @param seed - hash seed. @default 0
 * @example
 * ```ts
 * bucketOf('gr1', '123'); // 73, as in every Unleash SDK
 * ```
 */
export function bucketOf(groupId: string, key: string, normalizer = 100, seed = 0): number {
  return (murmur3(groupId + ':', key, seed) % normalizer) + 1;
}
