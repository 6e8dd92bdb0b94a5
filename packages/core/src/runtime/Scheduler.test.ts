import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { currentContext, runInContext } from '../context/callContext.js';
import { RuntimeDisposedError } from '../errors/kernelErrors.js';
import { systemClock } from './Clock.js';
import { Scheduler } from './Scheduler.js';

let scheduler: Scheduler;
beforeEach(() => {
  jest.useFakeTimers();
  scheduler = new Scheduler(systemClock);
});
afterEach(() => {
  scheduler.dispose();
  jest.useRealTimers();
});

describe('Scheduler', () => {
  it('runs tasks outside any call context (regression: every task ran in the context of the call that armed the timer)', async () => {
    jest.useRealTimers();
    const real = new Scheduler(systemClock);
    const seen: [string, unknown][] = [];
    const done = new Promise<void>((resolve) => {
      runInContext({ requestId: 'req-1' }, () => {
        real.schedule(
          1,
          () => seen.push(['scheduled in req-1', currentContext()?.requestId]),
          true,
        );
      });
      real.schedule(
        2,
        () => {
          seen.push(['scheduled outside', currentContext()?.requestId]);
          resolve();
        },
        true,
      );
    });
    await done;
    real.dispose();
    expect(seen).toEqual([
      ['scheduled in req-1', undefined],
      ['scheduled outside', undefined],
    ]);
  });

  it('arms no timer longer than Node allows: a task due in 30 days runs then, not every millisecond', () => {
    const delays: number[] = [];
    const counting = new Scheduler({
      ...systemClock,
      setTimer: (callback, delayMs) => {
        delays.push(delayMs);
        return systemClock.setTimer(callback, delayMs);
      },
    });
    const DAY = 86_400_000;
    let ran = 0;
    counting.schedule(30 * DAY, () => ran++);
    expect(delays).toEqual([2_147_483_647]);
    jest.advanceTimersByTime(DAY);
    expect(ran).toBe(0);
    expect(delays).toEqual([2_147_483_647]);
    jest.advanceTimersByTime(29 * DAY);
    expect(ran).toBe(1);
    expect(delays).toEqual([2_147_483_647, 30 * DAY - 2_147_483_647]);
    counting.dispose();
  });

  it('runs tasks in due order with one clock timer', () => {
    const ran: string[] = [];
    scheduler.schedule(30, () => ran.push('c'));
    scheduler.schedule(10, () => ran.push('a'));
    scheduler.schedule(20, () => ran.push('b'));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(15);
    expect(ran).toEqual(['a']);
    jest.advanceTimersByTime(15);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('never runs a cancelled task and disarms when nothing is left', () => {
    const ran: string[] = [];
    const task = scheduler.schedule(10, () => ran.push('cancelled'));
    task.cancel();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(20);
    expect(ran).toEqual([]);
  });

  it('ignores cancel() on a task that already ran (regression: it wiped every pending task)', () => {
    const ran: string[] = [];
    const first = scheduler.schedule(10, () => ran.push('first'));
    scheduler.schedule(200, () => ran.push('second'));
    jest.advanceTimersByTime(50);
    first.cancel();
    expect(scheduler.size).toBe(1);
    jest.advanceTimersByTime(200);
    expect(ran).toEqual(['first', 'second']);
  });

  it('sweeps cancelled tasks so the heap stays bounded', () => {
    scheduler.schedule(60_000, () => undefined);
    for (let i = 0; i < 100_000; i++) scheduler.schedule(1_000, () => undefined).cancel();
    expect(scheduler.size).toBeLessThan(2_100);
  });

  it('counts a throwing task and keeps running the others', () => {
    const ran: string[] = [];
    scheduler.schedule(5, () => {
      throw new Error('boom');
    });
    scheduler.schedule(5, () => ran.push('after'));
    jest.advanceTimersByTime(5);
    expect(ran).toEqual(['after']);
    expect(scheduler.callbackErrors).toBe(1);
  });

  it('clears its timer on dispose and refuses new tasks', () => {
    scheduler.schedule(10, () => undefined);
    scheduler.dispose();
    expect(jest.getTimerCount()).toBe(0);
    expect(() => scheduler.schedule(1, () => undefined)).toThrow(RuntimeDisposedError);
  });

  it('counts what a caller awaits: keep-alive tasks until they run or are cancelled, and holds', () => {
    const housekeeping = scheduler.schedule(100, () => undefined);
    expect(scheduler.keepingAlive).toBe(false);
    scheduler.schedule(50, () => undefined, true);
    expect(scheduler.keepingAlive).toBe(true);
    jest.advanceTimersByTime(50); // the awaited task ran: housekeeping only
    expect(scheduler.keepingAlive).toBe(false);
    scheduler.hold();
    scheduler.hold();
    scheduler.release();
    expect(scheduler.keepingAlive).toBe(true);
    scheduler.release();
    expect(scheduler.keepingAlive).toBe(false);
    const cancelled = scheduler.schedule(10, () => undefined, true);
    cancelled.cancel();
    cancelled.cancel();
    expect(scheduler.keepingAlive).toBe(false);
    housekeeping.cancel();
  });

  it('costs a hold nothing but a count: the timer is told only when the process is about to exit', () => {
    const keepAlive = jest.spyOn(systemClock, 'keepAlive');
    scheduler.schedule(1_000, () => undefined);
    for (let i = 0; i < 100; i++) {
      scheduler.hold();
      scheduler.release();
    }
    scheduler.keepAliveIfAwaited(); // nothing awaited: the process may exit
    expect(keepAlive).not.toHaveBeenCalled();
    scheduler.hold();
    scheduler.keepAliveIfAwaited(); // what beforeExit does with a caller still waiting
    scheduler.keepAliveIfAwaited();
    expect(keepAlive.mock.calls.map(([, on]) => on)).toEqual([true]);
    scheduler.release(); // the wait is over: let the process go
    expect(keepAlive.mock.calls.map(([, on]) => on)).toEqual([true, false]);
  });

  it('leaves a re-armed timer to the next exit check', () => {
    const keepAlive = jest.spyOn(systemClock, 'keepAlive');
    scheduler.schedule(10, () => undefined, true);
    scheduler.schedule(20, () => undefined, true);
    scheduler.keepAliveIfAwaited();
    jest.advanceTimersByTime(10);
    expect(scheduler.keepingAlive).toBe(true);
    scheduler.keepAliveIfAwaited(); // the timer armed for 20 ms is a new one
    expect(keepAlive.mock.calls.map(([, on]) => on)).toEqual([true, true]);
    jest.advanceTimersByTime(10);
    expect(scheduler.keepingAlive).toBe(false);
  });

  it('drops every hold on dispose', () => {
    scheduler.schedule(10, () => undefined, true);
    scheduler.hold();
    scheduler.dispose();
    expect(scheduler.keepingAlive).toBe(false);
    scheduler.release();
    scheduler.hold();
    expect(scheduler.keepingAlive).toBe(false);
  });
});
