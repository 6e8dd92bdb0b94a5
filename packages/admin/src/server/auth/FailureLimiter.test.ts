import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@ballast/testing';
import { FailureLimiter } from './FailureLimiter.js';

describe('FailureLimiter', () => {
  it('blocks a client for a window after maxFailures, then lets it try again', () => {
    const clock = new ManualClock();
    const limiter = new FailureLimiter(clock, { maxFailures: 3, windowMs: 1000 });
    expect(limiter.fail('a')).toBe(0);
    expect(limiter.fail('a')).toBe(0);
    expect(limiter.fail('a')).toBe(1000);
    clock.advance(400);
    expect(limiter.blockedFor('a')).toBe(600);
    expect(limiter.blockedFor('b')).toBe(0);
    clock.advance(600);
    expect(limiter.blockedFor('a')).toBe(0);
    expect(limiter.fail('a')).toBe(0); // a new window starts
  });

  it('forgets failures older than the window', () => {
    const clock = new ManualClock();
    const limiter = new FailureLimiter(clock, { maxFailures: 2, windowMs: 1000 });
    limiter.fail('a');
    clock.advance(1500);
    expect(limiter.fail('a')).toBe(0);
  });

  it('forgets a client after a success', () => {
    const limiter = new FailureLimiter(new ManualClock(), { maxFailures: 2 });
    limiter.fail('a');
    limiter.succeed('a');
    expect(limiter.fail('a')).toBe(0);
  });

  it('tracks at most maxClients addresses, dropping the oldest', () => {
    const limiter = new FailureLimiter(new ManualClock(), { maxFailures: 2, maxClients: 2 });
    limiter.fail('a');
    limiter.fail('b');
    limiter.fail('c'); // evicts a
    expect(limiter.fail('a')).toBe(0);
    expect(limiter.fail('c')).toBeGreaterThan(0);
  });
});
