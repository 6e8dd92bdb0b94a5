const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

// Streaming state for one hash at a time. Hashing is synchronous and never re-entered, so module
// state lets the bucketing hot path hash `prefix + key` without building the concatenated string
// or a byte buffer.
let h1 = 0;
let pending = 0;
let pendingBytes = 0;
let length = 0;

function pushByte(byte: number): void {
  pending |= byte << (pendingBytes << 3);
  length++;
  if (++pendingBytes === 4) {
    let k1 = Math.imul(pending, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, C2);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    pending = 0;
    pendingBytes = 0;
  }
}

// Feeds the UTF-8 encoding of `text`, the byte form every Unleash server SDK hashes.
function pushString(text: string): void {
  const size = text.length;
  for (let index = 0; index < size; index++) {
    let code = text.charCodeAt(index);
    if (code < 0x80) {
      pushByte(code);
    } else if (code < 0x800) {
      pushByte(0xc0 | (code >> 6));
      pushByte(0x80 | (code & 0x3f));
    } else {
      if (code >= 0xd800 && code <= 0xdbff && index + 1 < size) {
        const low = text.charCodeAt(index + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          index++;
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          pushByte(0xf0 | (code >> 18));
          pushByte(0x80 | ((code >> 12) & 0x3f));
          pushByte(0x80 | ((code >> 6) & 0x3f));
          pushByte(0x80 | (code & 0x3f));
          continue;
        }
      }
      // A lone surrogate encodes as U+FFFD, as TextEncoder and Buffer.from do.
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
      pushByte(0xe0 | (code >> 12));
      pushByte(0x80 | ((code >> 6) & 0x3f));
      pushByte(0x80 | (code & 0x3f));
    }
  }
}

function finish(): number {
  if (pendingBytes > 0) {
    let k1 = Math.imul(pending, C1);
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

/**
 * MurmurHash3 x86 32-bit of the UTF-8 bytes of `first + second`, computed without building the
 * concatenation. Same result as Unleash's `murmurhash3js.x86.hash32` for ASCII input and as the
 * Java and Go Unleash SDKs for any input.
 *
 * @param seed - unsigned 32-bit seed. @default 0
 * @example
 * ```ts
 * murmur3('Hello world'); // 2911983372
 * murmur3('gr1:', '123') % 100 + 1; // 73, the Unleash bucket of user 123 in group gr1
 * ```
 */
export function murmur3(first: string, second = '', seed = 0): number {
  h1 = seed | 0;
  pending = 0;
  pendingBytes = 0;
  length = 0;
  pushString(first);
  pushString(second);
  return finish();
}
