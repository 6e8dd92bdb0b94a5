import { describe, expect, it } from '@jest/globals';
import { nextHealth, type TargetHealth } from './TargetHealth.js';

const unknown: TargetHealth = { state: 'unknown', failures: 0, lastError: undefined };

describe('nextHealth', () => {
  it('does not alert on the first success of an unknown target', () => {
    expect(nextHealth(unknown, undefined, 2)).toEqual({
      health: { state: 'up', failures: 0, lastError: undefined },
      change: undefined,
    });
  });

  it('reports down only after failuresBeforeDown failures in a row, once', () => {
    const one = nextHealth(unknown, 'timeout', 2);
    expect(one).toEqual({
      health: { state: 'unknown', failures: 1, lastError: 'timeout' },
      change: undefined,
    });
    const two = nextHealth(one.health, '503', 2);
    expect(two).toEqual({
      health: { state: 'down', failures: 2, lastError: '503' },
      change: 'down',
    });
    expect(nextHealth(two.health, '503', 2).change).toBeUndefined();
  });

  it('reports up again on the first success after down', () => {
    const down: TargetHealth = { state: 'down', failures: 7, lastError: '503' };
    expect(nextHealth(down, undefined, 2)).toEqual({
      health: { state: 'up', failures: 0, lastError: undefined },
      change: 'up',
    });
  });
});
