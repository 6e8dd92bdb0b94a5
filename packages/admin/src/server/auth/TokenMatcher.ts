import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Compares candidate tokens with the admin token in constant time: both sides are hashed to
 * equal-length SHA-256 digests first, so neither the content nor the length of the token leaks
 * through timing.
 */
export class TokenMatcher {
  readonly #expected: Buffer;

  constructor(token: string) {
    this.#expected = digest(token);
  }

  /** True when `candidate` is the token. */
  matches(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), this.#expected);
  }
}
