import { mixBlock, mixTail, murmur3 } from './murmur3.js';

/**
 * A hasher for `murmur3(prefix, key, seed)` with the prefix's full blocks hashed once, up front:
 * rollouts hash `groupId + ':' + key` on every evaluation and the group never changes. Gives
 * exactly {@link murmur3}'s result; non-ASCII input takes the general path.
 *
 * @example
 * ```ts
 * const hash = prefixedMurmur3('gr1:');
 * hash('123') % 100 + 1; // 73
 * ```
 */
export function prefixedMurmur3(prefix: string, seed = 0): (key: string) => number {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(prefix)) return (key) => murmur3(prefix, key, seed);
  const full = prefix.length - (prefix.length & 3);
  let state = seed | 0;
  for (let index = 0; index < full; index += 4) {
    state = mixBlock(
      state,
      prefix.charCodeAt(index) |
        (prefix.charCodeAt(index + 1) << 8) |
        (prefix.charCodeAt(index + 2) << 16) |
        (prefix.charCodeAt(index + 3) << 24),
    );
  }
  const carried = prefix.length & 3;
  let carriedBytes = 0;
  for (let index = 0; index < carried; index++)
    carriedBytes |= prefix.charCodeAt(full + index) << (index << 3);
  const prefixLength = prefix.length;
  return (key) => {
    let h1 = state;
    let pending = carriedBytes;
    let count = carried;
    const size = key.length;
    for (let index = 0; index < size; index++) {
      const code = key.charCodeAt(index);
      if (code > 0x7f) return murmur3(prefix, key, seed);
      pending |= code << (count << 3);
      if (++count === 4) {
        h1 = mixBlock(h1, pending);
        pending = 0;
        count = 0;
      }
    }
    return mixTail(h1, pending, prefixLength + size);
  };
}
