import { describe, expect, it } from '@jest/globals';
import type { Clock } from '@ballast/core';
import { RetryBudget } from './RetryBudget.js';

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 1_000_000;
  return {
    now: () => now,
    setTimer: () => undefined,
    clearTimer: () => undefined,
    advance(ms) {
      now += ms;
    },
  };
}

function drain(budget: RetryBudget): number {
  let granted = 0;
  while (budget.tryAcquire()) granted++;
  return granted;
}

describe('RetryBudget', () => {
  it('allows the per-second floor of retries with no traffic', () => {
    const budget = new RetryBudget(manualClock(), 0.2, 10, 10_000);
    expect(drain(budget)).toBe(100);
  });

  it('allows retries up to ratio × calls on top of the floor', () => {
    const budget = new RetryBudget(manualClock(), 0.2, 0, 10_000);
    for (let i = 0; i < 1_000; i++) budget.recordCall();
    expect(budget.available).toBe(200);
    expect(drain(budget)).toBe(200);
  });

  it('forgets calls and retries once they leave the sliding window', () => {
    const clock = manualClock();
    const budget = new RetryBudget(clock, 0.5, 0, 10_000);
    for (let i = 0; i < 100; i++) budget.recordCall();
    expect(drain(budget)).toBe(50);
    clock.advance(5_000);
    expect(budget.tryAcquire()).toBe(false);
    clock.advance(5_000);
    for (let i = 0; i < 10; i++) budget.recordCall();
    // The first 100 calls and 50 retries left the window; only the last 10 calls count.
    expect(drain(budget)).toBe(5);
  });

  it('survives a clock that goes back without corrupting its totals', () => {
    const clock = manualClock();
    const budget = new RetryBudget(clock, 1, 0, 10_000);
    for (let i = 0; i < 10; i++) budget.recordCall();
    clock.advance(-60_000);
    expect(drain(budget)).toBe(10);
  });

  it('starts afresh after a long idle gap', () => {
    const clock = manualClock();
    const budget = new RetryBudget(clock, 0.2, 1, 1_000);
    for (let i = 0; i < 500; i++) budget.recordCall();
    clock.advance(3_600_000);
    expect(budget.available).toBe(1);
    expect(drain(budget)).toBe(1);
  });
});
