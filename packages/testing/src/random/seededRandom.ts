/**
 * A deterministic pseudo-random source: the same seed gives the same sequence, so a chaos run
 * that failed can be replayed exactly.
 *
 * @param seed - any integer; different seeds give unrelated sequences.
 * @returns a function returning numbers in `[0, 1)`.
 * @example
 * ```ts
 * const random = seededRandom(42);
 * if (random() < 0.3) injectFault();
 * ```
 */
export function seededRandom(seed: number): () => number {
  // mulberry32: 32-bit state, passes the usual statistical batteries and costs a few integer ops.
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
