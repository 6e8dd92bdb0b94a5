import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  channelActions,
  queueDrainAction,
  type RunbookEngine,
  RunbookDefinitionError,
  storeModeAction,
} from '../src/index.js';
import { openEngine, tempStore, type TempStore } from './runbookFixtures.js';

describe('built-in actions', () => {
  let store: TempStore;
  let engine: RunbookEngine;
  let close: () => void;
  const calls: unknown[][] = [];

  beforeEach(() => {
    calls.length = 0;
    store = tempStore();
    ({ engine, close } = openEngine(store.path, {
      actions: [
        storeModeAction({ setReadOnly: (...args) => calls.push(['setReadOnly', ...args]) }),
        ...channelActions({
          pause: (channel) => calls.push(['pause', channel]),
          resume: async (channel) => {
            calls.push(['resume', channel]);
          },
        }),
        queueDrainAction({
          drain: async (queue, signal) => {
            calls.push(['drain', queue, signal.aborted]);
            return { delivered: 12 };
          },
        }),
      ],
    }));
  });

  afterEach(() => {
    close();
    store.cleanup();
  });

  it('puts a user store read-only, pauses and resumes a channel, drains a queue, in order', async () => {
    engine.createRunbook({
      id: 'alerts-storm',
      name: 'Alert storm',
      scene: 'EMERGENCY',
      steps: [
        { action: 'store.setReadOnly', params: { userId: 'u-42' } },
        { action: 'channel.pause', params: { channel: 'slack-ops' } },
        { action: 'queue.drain', params: { queue: 'alerts' } },
        { action: 'channel.resume', params: { channel: 'slack-ops' } },
      ],
    });
    const run = await engine.settled(engine.execute('alerts-storm', { actor: 'alice' }).id);
    expect(run.status).toBe('SUCCEEDED');
    expect(calls).toEqual([
      ['setReadOnly', 'u-42', true, 'runbook "Alert storm" by alice'],
      ['pause', 'slack-ops'],
      ['drain', 'alerts', false],
      ['resume', 'slack-ops'],
    ]);
    expect(run.steps.map((step) => step.output)).toEqual([
      { userId: 'u-42', readOnly: true },
      { channel: 'slack-ops', paused: true },
      { queue: 'alerts', result: { delivered: 12 } },
      { channel: 'slack-ops', paused: false },
    ]);
  });

  it('refuses a user id outside the store allow-list when the runbook is created', () => {
    expect(() =>
      engine.createRunbook({
        id: 'bad',
        name: 'Bad',
        scene: 'EMERGENCY',
        steps: [{ action: 'store.setReadOnly', params: { userId: '../../etc' } }],
      }),
    ).toThrow(RunbookDefinitionError);
    expect(calls).toEqual([]);
  });
});
