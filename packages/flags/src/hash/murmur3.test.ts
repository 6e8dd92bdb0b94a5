import { describe, expect, it } from '@jest/globals';
import { murmur3 } from './murmur3.js';
import { prefixedMurmur3 } from './prefixedMurmur3.js';

// Textbook byte-wise MurmurHash3 x86_32, to check the streaming UTF-8 encoder against Buffer bytes.
function reference(bytes: Uint8Array, seed = 0): number {
  let h = seed | 0;
  const blocks = bytes.length - (bytes.length % 4);
  const mix = (k: number): number =>
    Math.imul((Math.imul(k, 0xcc9e2d51) << 15) | (Math.imul(k, 0xcc9e2d51) >>> 17), 0x1b873593);
  for (let i = 0; i < blocks; i += 4) {
    h ^= mix(bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let i = bytes.length - 1; i >= blocks; i--) tail = (tail << 8) | bytes[i]!;
  if (bytes.length > blocks) h ^= mix(tail);
  h ^= bytes.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

describe('murmur3', () => {
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['\0\0\0\0', 0, 0x2362f9de],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['abc', 0, 0xb3dd93fa],
    ['test', 0, 0xba6bd213],
    ['Hello world', 0, 2911983372],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ])('hashes %j with seed %d to the published value', (text, seed, expected) => {
    expect(murmur3(text, '', seed)).toBe(expected);
  });

  it('hashes two parts exactly like their concatenation', () => {
    expect(murmur3('gr1:', '123')).toBe(murmur3('gr1:123'));
    expect(murmur3('a', 'bcdefg', 7)).toBe(murmur3('abcdefg', '', 7));
  });

  it.each(['ü', 'user-ñ', '用户-42', 'emoji-😀', 'lone-\ud800-surrogate'])(
    'hashes the UTF-8 bytes of %j',
    (text) => {
      expect(murmur3(text)).toBe(reference(new Uint8Array(Buffer.from(text, 'utf8'))));
    },
  );
});

describe('prefixedMurmur3', () => {
  it.each(['', 'g', 'gr', 'gr1', 'gr1:', 'new-search:', 'ñ-group:'])(
    'matches murmur3 for prefix %j',
    (prefix) => {
      for (const seed of [0, 86028157]) {
        const hash = prefixedMurmur3(prefix, seed);
        for (const key of ['', '1', '12', '123', '1234', 'user-123456', 'ü-user']) {
          expect(hash(key)).toBe(murmur3(prefix, key, seed));
        }
      }
    },
  );
});
