import { describe, expect, it } from '@jest/globals';
import { parameterNames } from './parameterNames.js';

describe('parameterNames', () => {
  it('reads the parameters of methods, functions and arrows', () => {
    class Users {
      rename(id: string, name: string): string {
        return id + name;
      }
    }
    expect(parameterNames(Users.prototype.rename)).toEqual(['id', 'name']);
    expect(
      parameterNames(function send(to: string, ...rest: string[]) {
        return [to, rest];
      }),
    ).toEqual(['to', 'rest']);
    expect(parameterNames(async (a: number) => a)).toEqual(['a']);
    expect(parameterNames(((x: number) => x) as never)).toEqual(['x']);
  });

  it('follows defaults with calls, strings and brackets, and leaves destructured ones unnamed', () => {
    const fn = (a = Math.max(1, 2), { b }: { b: number } = { b: 1 }, c = ',)', [d] = [1]) => [
      a,
      b,
      c,
      d,
    ];
    expect(parameterNames(fn)).toEqual(['a', undefined, 'c', undefined]);
  });

  it('ignores comments and knows nothing of native or bound functions', () => {
    // prettier-ignore
    const commented = function (/* first */ a: number, // second
      b: number) { return a + b; };
    expect(parameterNames(commented)).toEqual(['a', 'b']);
    expect(parameterNames(Math.max)).toEqual([]);
    expect(parameterNames(commented.bind(null))).toEqual([]);
  });
});
