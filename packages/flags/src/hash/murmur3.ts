const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** @internal one MurmurHash3 body round. */
export function mixBlock(h1: number, block: number): number {
  let k1 = Math.imul(block, C1);
  k1 = (k1 << 15) | (k1 >>> 17);
  h1 ^= Math.imul(k1, C2);
  h1 = (h1 << 13) | (h1 >>> 19);
  return (Math.imul(h1, 5) + 0xe6546b64) | 0;
}

/** @internal the tail round and finalisation. */
export function mixTail(h1: number, tail: number, length: number): number {
  if (tail !== 0) {
    let k1 = Math.imul(tail, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, C2);
  }
  h1 ^= length;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 >>> 0;
}

function murmur3Bytes(bytes: Uint8Array, seed: number): number {
  const length = bytes.length;
  const blocks = length - (length & 3);
  let h1 = seed | 0;
  for (let index = 0; index < blocks; index += 4) {
    h1 = mixBlock(
      h1,
      bytes[index]! |
        (bytes[index + 1]! << 8) |
        (bytes[index + 2]! << 16) |
        (bytes[index + 3]! << 24),
    );
  }
  let tail = 0;
  for (let index = length - 1; index >= blocks; index--) tail = (tail << 8) | bytes[index]!;
  return mixTail(h1, tail, length);
}

/**
 * MurmurHash3 x86 32-bit of the UTF-8 bytes of `first + second`. Keys are almost always ASCII,
 * where a character is its byte: that path reads both strings in place, without building the
 * concatenation or a buffer. Same result as Unleash's `murmurhash3js.x86.hash32` for ASCII input
 * and as the Java and Go Unleash SDKs (UTF-8) for any input.
 *
 * @param seed - unsigned 32-bit seed. @default 0
 * @example
 * ```ts
 * murmur3('Hello world'); // 2911983372
 * murmur3('gr1:', '123') % 100 + 1; // 73, the Unleash bucket of user 123 in group gr1
 * ```
 */
export function murmur3(first: string, second = '', seed = 0): number {
  const split = first.length;
  const length = split + second.length;
  const blocks = length - (length & 3);
  let h1 = seed | 0;
  let index = 0;
  for (; index < blocks; index += 4) {
    const c0 = index < split ? first.charCodeAt(index) : second.charCodeAt(index - split);
    const c1 =
      index + 1 < split ? first.charCodeAt(index + 1) : second.charCodeAt(index + 1 - split);
    const c2 =
      index + 2 < split ? first.charCodeAt(index + 2) : second.charCodeAt(index + 2 - split);
    const c3 =
      index + 3 < split ? first.charCodeAt(index + 3) : second.charCodeAt(index + 3 - split);
    if ((c0 | c1 | c2 | c3) > 0x7f) return murmur3Bytes(Buffer.from(first + second, 'utf8'), seed);
    h1 = mixBlock(h1, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  let tail = 0;
  for (let last = length - 1; last >= index; last--) {
    const code = last < split ? first.charCodeAt(last) : second.charCodeAt(last - split);
    if (code > 0x7f) return murmur3Bytes(Buffer.from(first + second, 'utf8'), seed);
    tail = (tail << 8) | code;
  }
  return mixTail(h1, tail, length);
}
