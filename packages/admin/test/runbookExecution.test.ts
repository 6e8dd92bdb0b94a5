import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Runtime } from '@ballast/core';
import { ExecutionStateError, type ExecutionRecord, type RunbookEngine } from '../src/index.js';
import { openEngine, recordingAction, tempStore, type TempStore } from './runbookFixtures.js';

describe('Runbook execution', () => {
  let store: TempStore;
  let engine: RunbookEngine;
  let runtime: Runtime;
  let close: () => void;
  const first = recordingAction('test.first');
  const second = recordingAction('test.second');
  const hang = recordingAction(
    'test.hang',
    (_params, signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason as Error));
      }),
  );
  const boom = recordingAction('test.boom', () => {
    throw Object.assign(new Error('dependency refused'), { code: 'ECONNREFUSED' });
  });

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    store = tempStore();
    for (const action of [first, second, hang, boom]) action.calls.length = 0;
    ({ runtime, engine, close } = openEngine(store.path, { actions: [first, second, hang, boom] }));
  });

  afterEach(() => {
    close();
    store.cleanup();
    jest.useRealTimers();
  });

  it('waits on a pre-confirm step, then runs it for the confirming operator', async () => {
    engine.createRunbook({
      id: 'payments-down',
      name: 'Payments down',
      scene: 'EMERGENCY',
      steps: [
        { action: 'test.first', params: { target: 'a' } },
        { action: 'test.second', params: { target: 'b' }, preConfirm: true },
      ],
    });
    const started = engine.execute('payments-down', { actor: 'alice' });
    await jest.advanceTimersByTimeAsync(0);

    const waiting = engine.getExecution(started.id);
    expect(waiting.status).toBe('WAITING_CONFIRMATION');
    expect(waiting.currentStep).toBe(1);
    expect(waiting.steps.map((step) => step.status)).toEqual(['SUCCEEDED', 'WAITING_CONFIRMATION']);
    expect(waiting.steps[1]!.waitingSince).toBe(Date.now());
    expect(second.calls).toEqual([]);

    await jest.advanceTimersByTimeAsync(60_000); // nothing runs by itself, however long it waits
    expect(second.calls).toEqual([]);

    engine.confirm(started.id, 1, 'bob');
    const done = await engine.settled(started.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps[1]).toMatchObject({
      status: 'SUCCEEDED',
      confirmedBy: 'bob',
      output: { done: 'b' },
    });
    expect(first.calls).toEqual([{ target: 'a', actor: 'alice' }]);
    expect(second.calls).toEqual([{ target: 'b', actor: 'bob' }]);
  });

  it('refuses to confirm a step that is not waiting, saying what state it is in', async () => {
    engine.createRunbook({
      id: 'rb',
      name: 'rb',
      scene: 'RECOVERY',
      steps: [
        { action: 'test.first', params: { target: 'a' } },
        { action: 'test.second', params: { target: 'b' }, preConfirm: true },
      ],
    });
    const { id } = engine.execute('rb');
    await jest.advanceTimersByTimeAsync(0);

    expect(() => engine.confirm(id, 0, 'bob')).toThrow(ExecutionStateError);
    expect(() => engine.confirm(id, 0, 'bob')).toThrow(
      /step 0 .* is SUCCEEDED .* \(step 1 is waiting\)/,
    );
    expect(() => engine.confirm(id, 7, 'bob')).toThrow(/it has steps 0 to 1/);
    engine.confirm(id, 1, 'bob');
    await engine.settled(id);
    expect(() => engine.confirm(id, 1, 'bob')).toThrow(
      expect.objectContaining({
        code: 'BALLAST_ERR_RUNBOOK_EXECUTION_STATE',
        message: expect.stringMatching(/has ended \(SUCCEEDED\)/),
      }),
    );
  });

  it('marks a step that outlives its timeout TIMED_OUT, aborts it, and stops the execution', async () => {
    engine.createRunbook({
      id: 'slow',
      name: 'Slow',
      scene: 'EMERGENCY',
      steps: [
        { action: 'test.hang', params: { target: 'x' }, timeoutSeconds: 5 },
        { action: 'test.second', params: { target: 'never' } },
      ],
    });
    const { id } = engine.execute('slow');
    await jest.advanceTimersByTimeAsync(4_999);
    expect(engine.getExecution(id).status).toBe('RUNNING');

    await jest.advanceTimersByTimeAsync(1);
    const done = await engine.settled(id);
    expect(done.status).toBe('TIMED_OUT');
    expect(done.steps.map((step) => step.status)).toEqual(['TIMED_OUT', 'SKIPPED']);
    expect(done.steps[0]).toMatchObject({
      durationMs: 5_000,
      error: {
        code: 'BALLAST_ERR_RUNBOOK_STEP_TIMEOUT',
        message: expect.stringMatching(/within 5 s/),
      },
    });
    expect(done.currentStep).toBe(0);
    expect(done.endedAt! - done.startedAt).toBe(5_000);
    expect(second.calls).toEqual([]);
  });

  it('stops at a failing step and records its error code', async () => {
    engine.createRunbook({
      id: 'fails',
      name: 'Fails',
      scene: 'RECOVERY',
      steps: [
        { action: 'test.boom', params: { target: 'x' } },
        { action: 'test.second', params: { target: 'never' } },
      ],
    });
    const done = await engine.settled(engine.execute('fails').id);
    expect(done.status).toBe('FAILED');
    expect(done.steps.map((step) => step.status)).toEqual(['FAILED', 'SKIPPED']);
    expect(done.steps[0]!.error).toEqual({ code: 'ECONNREFUSED', message: 'dependency refused' });
  });

  it('cancels at a confirmation: the waiting step and the rest are skipped', async () => {
    engine.createRunbook({
      id: 'declined',
      name: 'Declined',
      scene: 'EMERGENCY',
      steps: [
        { action: 'test.first', params: { target: 'a' }, preConfirm: true },
        { action: 'test.second', params: { target: 'b' } },
      ],
    });
    const { id } = engine.execute('declined');
    await jest.advanceTimersByTimeAsync(0);
    const cancelled = engine.cancel(id, 0);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.steps.map((step) => step.status)).toEqual(['SKIPPED', 'SKIPPED']);
    expect(first.calls).toEqual([]);
  });

  it('publishes every change as a runbook.execution event and lists executions newest first', async () => {
    const events: string[] = [];
    runtime.events.on('runbook.execution', ({ execution }) => {
      events.push(`${execution.status}:${execution.steps.map((step) => step.status).join(',')}`);
    });
    engine.createRunbook({
      id: 'one',
      name: 'One',
      scene: 'RECOVERY',
      steps: [{ action: 'test.first', params: { target: 'a' } }],
    });
    const a = await engine.settled(engine.execute('one').id);
    await jest.advanceTimersByTimeAsync(10);
    const b = await engine.settled(engine.execute('one').id);
    expect(
      engine.listExecutions({ runbookId: 'one' }).map((run: ExecutionRecord) => run.id),
    ).toEqual([b.id, a.id]);
    expect(engine.listExecutions({ limit: 1 })).toHaveLength(1);
    expect(events).toEqual([
      'RUNNING:PENDING',
      'RUNNING:RUNNING',
      'SUCCEEDED:SUCCEEDED',
      'RUNNING:PENDING',
      'RUNNING:RUNNING',
      'SUCCEEDED:SUCCEEDED',
    ]);
  });
});
