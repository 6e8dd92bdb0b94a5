import { afterEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime } from '@ballast/core';
import { ManualClock } from './ManualClock.js';

describe('ManualClock', () => {
  let runtime: Runtime | undefined;
  afterEach(() => runtime?.dispose());

  it('runs due timers in due order, ties in creation order, with now() at each due time', () => {
    const clock = new ManualClock(1_000);
    const seen: string[] = [];
    clock.setTimer(() => seen.push(`b@${clock.now()}`), 20);
    clock.setTimer(() => seen.push(`a@${clock.now()}`), 10);
    clock.setTimer(() => seen.push(`c@${clock.now()}`), 20);
    clock.setTimer(() => seen.push('late'), 31);
    clock.advance(30);
    expect(seen).toEqual(['a@1010', 'b@1020', 'c@1020']);
    expect(clock.now()).toBe(1_030);
    expect(clock.pendingTimers).toBe(1);
  });

  it('runs timers scheduled by a timer when they fall inside the same advance', () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    clock.setTimer(() => clock.setTimer(() => seen.push(clock.now()), 5), 5);
    clock.advance(10);
    expect(seen).toEqual([10]);
  });

  it('never runs a cleared timer', () => {
    const clock = new ManualClock();
    let ran = false;
    const handle = clock.setTimer(() => (ran = true), 1);
    clock.clearTimer(handle);
    clock.advance(5);
    expect(ran).toBe(false);
  });

  it('drives a runtime scheduler, letting promise chains settle between timers', async () => {
    const clock = new ManualClock();
    runtime = createRuntime({ clock });
    const scheduler = runtime.scheduler;
    const wait = (ms: number) => new Promise<void>((resolve) => scheduler.schedule(ms, resolve));
    const done = (async () => {
      await wait(100);
      await wait(100);
      return clock.now();
    })();
    await clock.advanceAsync(250);
    await expect(done).resolves.toBe(200);
  });

  it('reports which timers a caller awaits once the process is about to exit', async () => {
    const clock = new ManualClock();
    runtime = createRuntime({ clock });
    runtime.scheduler.schedule(60_000, () => undefined); // housekeeping
    runtime.scheduler.keepAliveIfAwaited();
    expect(clock.timersKeepingAlive).toBe(0);
    const delay = new Promise<void>((resolve) => runtime!.scheduler.schedule(100, resolve, true));
    runtime.scheduler.keepAliveIfAwaited(); // what Node's beforeExit does
    expect(clock.timersKeepingAlive).toBe(1);
    await clock.advanceAsync(100);
    await delay;
    expect(runtime.scheduler.keepingAlive).toBe(false);
    expect(clock.timersKeepingAlive).toBe(0);
  });
});
