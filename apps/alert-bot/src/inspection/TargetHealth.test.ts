import { describe, expect, it } from '@jest/globals';
import { nextHealth, type TargetHealth, unknownHealth } from './TargetHealth.js';

const T0 = 1_700_000_000_000;

describe('nextHealth', () => {
  it('does not alert on the first success of an unknown target', () => {
    expect(nextHealth(unknownHealth(T0), undefined, 2, T0 + 1)).toEqual({
      health: { state: 'up', since: T0 + 1, failures: 0, lastError: undefined, checkedAt: T0 + 1 },
      change: undefined,
    });
  });

  it('reports down only after failuresBeforeDown failures in a row, once, since the failure that made it', () => {
    const one = nextHealth(unknownHealth(T0), 'timeout', 2, T0 + 1);
    expect(one).toEqual({
      health: { state: 'unknown', since: T0, failures: 1, lastError: 'timeout', checkedAt: T0 + 1 },
      change: undefined,
    });
    const two = nextHealth(one.health, '503', 2, T0 + 2);
    expect(two).toEqual({
      health: { state: 'down', since: T0 + 2, failures: 2, lastError: '503', checkedAt: T0 + 2 },
      change: 'down',
    });
    const three = nextHealth(two.health, '503', 2, T0 + 3);
    expect(three.change).toBeUndefined();
    expect(three.health.since).toBe(T0 + 2);
  });

  it('reports up again on the first success after down', () => {
    const down: TargetHealth = {
      state: 'down',
      since: T0,
      failures: 7,
      lastError: '503',
      checkedAt: T0 + 5,
    };
    expect(nextHealth(down, undefined, 2, T0 + 6)).toEqual({
      health: { state: 'up', since: T0 + 6, failures: 0, lastError: undefined, checkedAt: T0 + 6 },
      change: 'up',
    });
  });
});
