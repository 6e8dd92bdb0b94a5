import { describe, expect, it } from '@jest/globals';
import { ConfigError, type Runtime } from '@ballast/core';
import { flagsOf, flagStatisticsOf } from './flagsOf.js';

describe('flagsOf', () => {
  it.each([
    [42, 'a number'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[1], 'an array'],
    [{ service: () => undefined }, 'an object that is not a Runtime'],
  ])(
    'refuses %p with BALLAST_ERR_CONFIG naming what it got and what is allowed (regression: flagsOf(42) threw an uncoded TypeError)',
    (value, given) => {
      for (const read of [flagsOf, flagStatisticsOf]) {
        const call = (): unknown => read(value as unknown as Runtime);
        expect(call).toThrow(ConfigError);
        expect(call).toThrow(
          `${read.name}: expected a Runtime from createRuntime() (or the container's runtime), got ${given}.`,
        );
      }
    },
  );

  it('does not echo a string it was given (it may be a secret)', () => {
    const secret = 'sk-live-0123456789';
    const call = (): unknown => flagsOf(secret as unknown as Runtime);
    expect(call).toThrow(ConfigError);
    expect(call).toThrow('got a string.');
    expect(call).not.toThrow(secret);
  });
});
