import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { breakerOpenFor, errorRateAbove, type RunbookEngine } from '../src/index.js';
import { openEngine, recordingAction, tempStore, type TempStore } from './runbookFixtures.js';

describe('Self-recovery runbooks', () => {
  let store: TempStore;
  const states = new Map<string, string>();
  const breakers = {
    state(name: string): string {
      const state = states.get(name);
      if (state === undefined) throw new Error(`unknown breaker ${name}`); // as breakerRegistry does
      return state;
    },
  };
  let errorRate: number | undefined;
  const recover = recordingAction('test.recover');
  const engines: { engine: RunbookEngine; close(): void }[] = [];

  function open(): RunbookEngine {
    const opened = openEngine(store.path, {
      actions: [recover],
      conditions: [
        breakerOpenFor(breakers),
        errorRateAbove({
          errorRate: () => {
            if (Number.isNaN(errorRate)) throw new Error('statistics unavailable');
            return errorRate;
          },
        }),
      ],
      pollIntervalMs: 1_000,
    });
    engines.push(opened);
    return opened.engine;
  }

  function conditionRuns(engine: RunbookEngine): number {
    return engine.listExecutions().filter((run) => run.trigger === 'condition').length;
  }

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    store = tempStore();
    states.clear();
    errorRate = undefined;
    recover.calls.length = 0;
  });

  afterEach(() => {
    for (const { close } of engines.splice(0)) close();
    store.cleanup();
    jest.useRealTimers();
  });

  function createBreakerRunbook(engine: RunbookEngine): void {
    engine.createRunbook({
      id: 'reset-payments',
      name: 'Reset payments',
      scene: 'SELF_RECOVERY',
      trigger: {
        condition: 'breaker.openFor',
        params: { breaker: 'payments', seconds: 30 },
        coolDownSeconds: 120,
      },
      steps: [{ action: 'test.recover', params: { target: 'payments' } }],
    });
  }

  it('starts when a breaker stays open past the threshold, then respects the cool-down', async () => {
    const engine = open();
    createBreakerRunbook(engine);
    await jest.advanceTimersByTimeAsync(5_000); // breaker not created yet: reads as closed
    states.set('payments', 'CLOSED');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(recover.calls).toEqual([]);

    states.set('payments', 'OPEN');
    await jest.advanceTimersByTimeAsync(29_000); // first seen open at the next poll
    expect(recover.calls).toEqual([]);
    states.set('payments', 'HALF_OPEN'); // a failed probe cycle is still "not recovered"
    await jest.advanceTimersByTimeAsync(1_000);
    states.set('payments', 'OPEN');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(recover.calls).toEqual([{ target: 'payments', actor: 'self-recovery' }]);
    const [run] = engine.listExecutions();
    expect(run).toMatchObject({
      trigger: 'condition',
      actor: 'self-recovery',
      status: 'SUCCEEDED',
      reason: 'condition breaker.openFor {"breaker":"payments","seconds":30} held',
    });

    await jest.advanceTimersByTimeAsync(110_000); // still open, but within the cool-down
    expect(recover.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(recover.calls).toHaveLength(2);
    expect(conditionRuns(engine)).toBe(2);
  });

  it('forgets the open time when the breaker closes', async () => {
    const engine = open();
    createBreakerRunbook(engine);
    states.set('payments', 'OPEN');
    await jest.advanceTimersByTimeAsync(20_000);
    states.set('payments', 'CLOSED');
    await jest.advanceTimersByTimeAsync(1_000);
    states.set('payments', 'OPEN');
    await jest.advanceTimersByTimeAsync(20_000);
    expect(recover.calls).toEqual([]);
    await jest.advanceTimersByTimeAsync(11_000);
    expect(recover.calls).toHaveLength(1);
  });

  it('does not fire again after a restart while the stored cool-down runs', async () => {
    const first = open();
    createBreakerRunbook(first);
    states.set('payments', 'OPEN');
    await jest.advanceTimersByTimeAsync(32_000);
    expect(recover.calls).toHaveLength(1);
    engines.shift()!.close();

    const second = open();
    await jest.advanceTimersByTimeAsync(60_000); // the new probe sees 30 s of open again
    expect(recover.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(60_000); // past 120 s after the first start (t = 31 s)
    expect(recover.calls).toHaveLength(2);
    expect(conditionRuns(second)).toBe(2);
  });

  it('does not start a second run while one is still in progress', async () => {
    const engine = open();
    engine.createRunbook({
      id: 'confirm-first',
      name: 'Confirm first',
      scene: 'SELF_RECOVERY',
      trigger: {
        condition: 'errorRate.above',
        params: { service: 'payments', percent: 50 },
        coolDownSeconds: 0,
      },
      steps: [{ action: 'test.recover', params: { target: 'payments' }, preConfirm: true }],
    });
    errorRate = 0.49;
    await jest.advanceTimersByTimeAsync(3_000);
    expect(conditionRuns(engine)).toBe(0);
    errorRate = 0.5;
    await jest.advanceTimersByTimeAsync(10_000);
    const runs = engine.listExecutions();
    expect(runs.map((run) => run.status)).toEqual(['WAITING_CONFIRMATION']);
    engine.confirm(runs[0]!.id, 0, 'carol');
    await engine.settled(runs[0]!.id);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(conditionRuns(engine)).toBe(2); // cool-down 0: the condition still holds
  });

  it('counts a probe that throws and keeps polling', async () => {
    const engine = open();
    engine.createRunbook({
      id: 'rate',
      name: 'Rate',
      scene: 'SELF_RECOVERY',
      trigger: { condition: 'errorRate.above', params: { service: 'payments', percent: 10 } },
      steps: [{ action: 'test.recover', params: { target: 'x' } }],
    });
    errorRate = Number.NaN;
    await jest.advanceTimersByTimeAsync(2_000);
    expect(conditionRuns(engine)).toBe(0);
    expect(engine.conditionErrors).toBe(2);
    errorRate = 0.2;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(conditionRuns(engine)).toBe(1);
  });
});
