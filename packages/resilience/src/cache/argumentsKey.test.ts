import { describe, expect, it } from '@jest/globals';
import { argumentsKey } from './argumentsKey.js';
import { CacheKeyError } from './CacheKeyError.js';

const key = (...args: unknown[]): string => argumentsKey(args, '@Cache on Users.find');

describe('argumentsKey', () => {
  it('keys a single string argument by itself', () => {
    expect(key('u-42')).toBe('u-42');
    expect(key('')).toBe('');
  });

  it('keeps a string that looks like an encoded list apart from the list', () => {
    expect(key('["a"]')).toBe('["[\\"a\\"]"]');
    expect(key('["a"]')).not.toBe(key(['a']));
  });

  it('keeps types apart', () => {
    const keys = [key(1), key('1'), key(1n), key(true), key(null), key([1]), key({ 1: 1 })];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('sorts object keys and drops undefined properties and trailing undefined arguments', () => {
    expect(key({ b: 2, a: 1 })).toBe(key({ a: 1, b: 2, c: undefined }));
    expect(key('a', undefined)).toBe(key('a'));
    expect(key(undefined, 'a')).toBe('[undefined,"a"]');
    expect(key()).toBe('[]');
  });

  it('keys values with toJSON by what it returns (a Date by its ISO string)', () => {
    expect(key(new Date(0))).toBe('["1970-01-01T00:00:00.000Z"]');
    expect(key({ at: new Date(0) }, 2)).toBe('[{"at":"1970-01-01T00:00:00.000Z"},2]');
  });

  it('writes -0 as 0 and keeps NaN and the infinities', () => {
    expect(key(-0)).toBe(key(0));
    expect(key(NaN, Infinity, -Infinity)).toBe('[NaN,Infinity,-Infinity]');
  });

  it.each<[string, unknown[], string]>([
    ['a function', [() => 1], 'argument 0 cannot be part of a cache key: it is a function'],
    [
      'a symbol',
      ['a', { s: Symbol('x') }],
      'argument 1.s cannot be part of a cache key: it is a symbol',
    ],
    [
      'a class instance',
      [[new Map()]],
      'argument 0[0] cannot be part of a cache key: it is an instance of Map without toJSON',
    ],
  ])('refuses %s with a CacheKeyError naming the argument', (_what, args, message) => {
    expect(() => argumentsKey(args, '@Cache on Users.find')).toThrow(CacheKeyError);
    expect(() => argumentsKey(args, '@Cache on Users.find')).toThrow(
      `@Cache on Users.find: ${message}`,
    );
  });

  it('refuses a cycle, but not the same object twice side by side', () => {
    const shared = { id: 1 };
    expect(key([shared, shared])).toBe('[[{"id":1},{"id":1}]]');
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic.self = { back: cyclic };
    expect(() => key(cyclic)).toThrow(
      /argument 0\.self\.back cannot be part of a cache key: it is a reference back/,
    );
    expect(key('after a refusal')).toBe('after a refusal');
    expect(key({ id: 2 })).toBe('[{"id":2}]');
  });
});
