import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ExecutionStateError, RunbookStore, RunbookStoreError } from '../src/index.js';
import { openEngine, recordingAction, tempStore, type TempStore } from './runbookFixtures.js';

describe('Runbook persistence', () => {
  let store: TempStore;
  const quick = recordingAction('test.quick');
  const hang = recordingAction('test.hang', () => new Promise(() => undefined));

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    store = tempStore();
  });

  afterEach(() => {
    store.cleanup();
    jest.useRealTimers();
  });

  it('keeps runbooks and executions across a reopen, marking unfinished ones INTERRUPTED', async () => {
    const before = openEngine(store.path, { actions: [quick, hang] });
    before.engine.createRunbook({
      id: 'quick',
      name: 'Quick',
      scene: 'RECOVERY',
      description: 'closes things',
      steps: [{ action: 'test.quick', params: { target: 'a' } }],
    });
    before.engine.createRunbook({
      id: 'careful',
      name: 'Careful',
      scene: 'EMERGENCY',
      steps: [
        { action: 'test.quick', params: { target: 'a' } },
        { action: 'test.quick', params: { target: 'b' }, preConfirm: true },
      ],
    });
    before.engine.createRunbook({
      id: 'stuck',
      name: 'Stuck',
      scene: 'EMERGENCY',
      steps: [
        { action: 'test.hang', params: { target: 'a' }, timeoutSeconds: 600 },
        { action: 'test.quick', params: { target: 'b' } },
      ],
    });
    const finished = await before.engine.settled(
      before.engine.execute('quick', { actor: 'alice' }).id,
    );
    const waiting = before.engine.execute('careful').id;
    const running = before.engine.execute('stuck').id;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(before.engine.getExecution(waiting).status).toBe('WAITING_CONFIRMATION');
    expect(before.engine.getExecution(running).status).toBe('RUNNING');
    before.close(); // the process stops here

    await jest.advanceTimersByTimeAsync(5_000);
    const after = openEngine(store.path, { actions: [quick, hang] });
    try {
      expect(after.engine.listRunbooks().map((runbook) => runbook.id)).toEqual([
        'careful',
        'quick',
        'stuck',
      ]);
      expect(after.engine.getRunbook('quick').description).toBe('closes things');
      expect(after.engine.getExecution(finished.id)).toEqual(finished);

      const wasWaiting = after.engine.getExecution(waiting);
      expect(wasWaiting.status).toBe('INTERRUPTED');
      expect(wasWaiting.steps.map((step) => step.status)).toEqual(['SUCCEEDED', 'SKIPPED']);
      expect(wasWaiting.endedAt).toBe(Date.now());

      const wasRunning = after.engine.getExecution(running);
      expect(wasRunning.status).toBe('INTERRUPTED');
      expect(wasRunning.steps.map((step) => step.status)).toEqual(['FAILED', 'SKIPPED']);
      expect(wasRunning.steps[0]).toMatchObject({
        durationMs: 6_000,
        error: { code: 'BALLAST_ERR_RUNBOOK_INTERRUPTED' },
      });

      expect(() => after.engine.confirm(waiting, 1, 'bob')).toThrow(ExecutionStateError);
      await expect(after.engine.settled(running)).resolves.toMatchObject({ status: 'INTERRUPTED' });
    } finally {
      after.close();
    }
  });

  it('fails to open a store under a regular file with a coded error naming the path', () => {
    const file = join(store.path, '..', 'not-a-dir');
    writeFileSync(file, 'x');
    const path = join(file, 'runbooks.db');
    expect(() => RunbookStore.open({ path })).toThrow(RunbookStoreError);
    expect(() => RunbookStore.open({ path })).toThrow(`Cannot open the runbook store at "${path}"`);
  });

  it.each([
    ['022', 0o022],
    ['000', 0o000],
  ])('creates the store file and its WAL 0600 under umask %s', (_label, umask) => {
    const previous = process.umask(umask);
    try {
      const opened = RunbookStore.open({ path: store.path });
      opened.insertRunbook({
        id: 'r',
        name: 'R',
        scene: 'RECOVERY',
        description: '',
        steps: [],
        trigger: null,
        createdAt: 0,
        updatedAt: 0,
      });
      for (const file of [store.path, `${store.path}-wal`, `${store.path}-shm`])
        expect(`${file} ${(statSync(file).mode & 0o777).toString(8)}`).toBe(`${file} 600`);
      opened.close();
    } finally {
      process.umask(previous);
    }
  });

  it('uses a store opened by the caller and leaves it open on close', async () => {
    const shared = RunbookStore.open({ path: store.path });
    const { engine, close } = openEngine(store.path, { store: shared, actions: [quick] });
    engine.createRunbook({
      id: 'q',
      name: 'Q',
      scene: 'RECOVERY',
      steps: [{ action: 'test.quick', params: { target: 'a' } }],
    });
    close();
    expect(shared.getRunbook('q')?.name).toBe('Q');
    shared.close();
  });
});
