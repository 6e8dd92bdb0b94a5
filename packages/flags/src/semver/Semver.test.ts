import { describe, expect, it } from '@jest/globals';
import { compareSemver, parseSemver } from './Semver.js';

const order = (a: string, b: string): number =>
  Math.sign(compareSemver(parseSemver(a)!, parseSemver(b)!));

describe('Semver', () => {
  it('orders the SemVer 2.0.0 precedence example', () => {
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    for (let index = 1; index < chain.length; index++)
      expect(order(chain[index - 1]!, chain[index]!)).toBe(-1);
  });

  it('compares numerically, not as text', () => {
    expect(order('1.10.0', '1.9.0')).toBe(1);
    expect(order('2.0.0+build', '2.0.0')).toBe(0);
  });

  it.each(['1.2', '01.2.3', '1.2.3-', 'a.b.c', ''])('rejects %j', (text) => {
    expect(parseSemver(text)).toBeUndefined();
  });
});
