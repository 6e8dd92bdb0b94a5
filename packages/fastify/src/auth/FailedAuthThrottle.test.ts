import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@ballast/testing';
import { AuthThrottledError } from '../errors.js';
import { FailedAuthThrottle } from './FailedAuthThrottle.js';

describe('FailedAuthThrottle', () => {
  it('answers wrong attempts past maxFailures with AuthThrottledError until a quiet window passes', () => {
    const clock = new ManualClock();
    const throttle = new FailedAuthThrottle(clock, { maxFailures: 3, windowMs: 1_000 });
    for (let i = 0; i < 3; i++) throttle.fail('a');
    expect(() => throttle.fail('a')).toThrow(AuthThrottledError);
    throttle.fail('b'); // another client is not affected
    clock.advance(999);
    expect(() => throttle.fail('a')).toThrow(AuthThrottledError); // and the window restarts
    clock.advance(1_000);
    expect(() => throttle.fail('a')).not.toThrow();
  });

  it('clears a client on a correct credential, whatever came before', () => {
    const throttle = new FailedAuthThrottle(new ManualClock(), { maxFailures: 2 });
    for (let i = 0; i < 2; i++) throttle.fail('a');
    expect(() => throttle.fail('a')).toThrow(AuthThrottledError);
    throttle.succeed('a');
    expect(() => throttle.fail('a')).not.toThrow();
  });

  it('tracks at most maxClients, forgetting the oldest', () => {
    const throttle = new FailedAuthThrottle(new ManualClock(), { maxFailures: 1, maxClients: 2 });
    throttle.fail('a');
    throttle.fail('b');
    throttle.fail('c'); // forgets a
    expect(() => throttle.fail('a')).not.toThrow();
    expect(() => throttle.fail('c')).toThrow(AuthThrottledError);
  });
});
