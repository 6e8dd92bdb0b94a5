import { describe, expect, it } from '@jest/globals';
import { AttemptTimeout } from './AttemptTimeout.js';

describe('AttemptTimeout', () => {
  it('keeps the ceiling until 20 attempts succeeded, then four times their p99 above the floor', () => {
    const timeout = new AttemptTimeout(1_000, 10_000);
    for (let i = 0; i < 19; i++) timeout.observe(5);
    expect(timeout.ms).toBe(10_000);
    timeout.observe(5);
    expect(timeout.ms).toBe(1_000); // 4 × 5 ms is under the floor
  });

  it('follows a receiver that is slow for everyone, up to the ceiling', () => {
    const timeout = new AttemptTimeout(1_000, 10_000);
    for (let i = 0; i < 100; i++) timeout.observe(i < 98 ? 400 : 1_500);
    expect(timeout.ms).toBe(6_000); // p99 of 1.5 s
    for (let i = 0; i < 100; i++) timeout.observe(4_000);
    expect(timeout.ms).toBe(10_000);
    for (let i = 0; i < 100; i++) timeout.observe(10);
    expect(timeout.ms).toBe(1_000); // the last 100 only
  });

  it('never goes above a ceiling configured below the floor', () => {
    const timeout = new AttemptTimeout(1_000, 500);
    for (let i = 0; i < 20; i++) timeout.observe(1);
    expect(timeout.ms).toBe(500);
  });
});
