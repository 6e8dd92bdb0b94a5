import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  breakerActions,
  breakerOpenFor,
  flagAction,
  type RunbookDefinition,
  RunbookDefinitionError,
  type RunbookEngine,
  UnknownRunbookError,
  webhookAction,
} from '../src/index.js';
import { openEngine, tempStore, type TempStore } from './runbookFixtures.js';

function rejection(run: () => unknown): RunbookDefinitionError {
  try {
    run();
  } catch (error) {
    if (RunbookDefinitionError.is(error)) return error as RunbookDefinitionError;
    throw error;
  }
  throw new Error('expected a RunbookDefinitionError');
}

describe('Runbook definitions', () => {
  let store: TempStore;
  let engine: RunbookEngine;
  let close: () => void;
  const breakers = { forceOpen: () => undefined, close: () => undefined, state: () => 'CLOSED' };

  beforeEach(() => {
    store = tempStore();
    ({ engine, close } = openEngine(store.path, {
      actions: [
        ...breakerActions(breakers),
        flagAction({ setEnabled: () => undefined }),
        webhookAction({ allowedOrigins: ['https://hooks.example.com'] }),
      ],
      conditions: [breakerOpenFor(breakers)],
    }));
  });

  afterEach(() => {
    close();
    store.cleanup();
  });

  const valid: RunbookDefinition = {
    id: 'payments-down',
    name: 'Payments down',
    scene: 'EMERGENCY',
    steps: [
      { action: 'breaker.forceOpen', params: { name: 'payments' } },
      {
        action: 'flag.set',
        params: { key: 'checkout', enabled: false },
        preConfirm: true,
        timeoutSeconds: 5,
      },
    ],
  };

  it('stores a valid runbook with every default filled in', () => {
    const runbook = engine.createRunbook(valid);
    expect(runbook.steps[0]).toEqual({
      action: 'breaker.forceOpen',
      params: { name: 'payments' },
      title: 'breaker.forceOpen',
      preConfirm: false,
      timeoutSeconds: 30,
    });
    expect(runbook.trigger).toBeNull();
    expect(engine.getRunbook('payments-down')).toEqual(runbook);
  });

  it('rejects an unknown action, naming the step, the action and the registered ones', () => {
    const error = rejection(() =>
      engine.createRunbook({
        ...valid,
        steps: [valid.steps[0]!, { action: 'breaker.explode', params: {} }],
      }),
    );
    expect(error).toMatchObject({
      code: 'BALLAST_ERR_RUNBOOK_DEFINITION',
      stepIndex: 1,
      action: 'breaker.explode',
      field: 'action',
    });
    expect(error.message).toBe(
      'Runbook "Payments down", steps[1]: unknown action "breaker.explode". ' +
        'Registered: breaker.close, breaker.forceOpen, flag.set, webhook.call.',
    );
  });

  it('rejects a parameter of the wrong type, naming the step, the action and the field', () => {
    const error = rejection(() =>
      engine.createRunbook({
        ...valid,
        steps: [
          valid.steps[0]!,
          { action: 'flag.set', params: { key: 'checkout', enabled: 'no' } },
        ],
      }),
    );
    expect(error).toMatchObject({ stepIndex: 1, action: 'flag.set', field: 'enabled' });
    expect(error.message).toBe(
      'Runbook "Payments down", steps[1] (action "flag.set"): parameter "enabled" must be a boolean.',
    );
  });

  it('rejects a missing or unknown parameter', () => {
    expect(
      rejection(() => engine.createRunbook({ ...valid, steps: [{ action: 'breaker.forceOpen' }] })),
    ).toMatchObject({
      stepIndex: 0,
      field: 'name',
      message: expect.stringMatching(/parameter "name" is required/),
    });
    expect(
      rejection(() =>
        engine.createRunbook({
          ...valid,
          steps: [{ action: 'breaker.forceOpen', params: { name: 'p', force: true } }],
        }),
      ),
    ).toMatchObject({
      field: 'force',
      message: expect.stringMatching(
        /parameter "force" is not a known field \(allowed: name, key\)/,
      ),
    });
  });

  it('rejects a webhook outside the allowed origins, without echoing its path', () => {
    const error = rejection(() =>
      engine.createRunbook({
        ...valid,
        steps: [{ action: 'webhook.call', params: { url: 'http://169.254.169.254/latest' } }],
      }),
    );
    expect(error).toMatchObject({
      field: 'url',
      message: expect.stringMatching(/allowed origin \(https:\/\/hooks\.example\.com\)/),
    });
    expect(
      rejection(() =>
        engine.createRunbook({
          ...valid,
          steps: [{ action: 'webhook.call', params: { url: 'not a url' } }],
        }),
      ).message,
    ).toMatch(/parameter "url" must be an absolute http\(s\) URL/);
  });

  it('rejects malformed steps and runbook fields', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...valid, steps: [] }, /"steps" must have at least 1 items/],
      [
        { ...valid, scene: 'PANIC' },
        /"scene" must be one of "EMERGENCY", "SELF_RECOVERY", "RECOVERY"/,
      ],
      [{ ...valid, id: '../etc' }, /"id" must be lower-case letters/],
      [{ ...valid, name: '' }, /^Runbook: "name" must have at least 1 characters/],
      [{ ...valid, owner: 'me' }, /"owner" is not a known field/],
      [
        { ...valid, steps: [{ ...valid.steps[0]!, timeoutSeconds: -1 }] },
        /"steps\[0\]\.timeoutSeconds" must be > 0/,
      ],
      [
        { ...valid, steps: [{ ...valid.steps[0]!, preConfirm: 'yes' }] },
        /"steps\[0\]\.preConfirm" must be a boolean/,
      ],
      [{ ...valid, steps: ['breaker.forceOpen'] }, /"steps\[0\]" must be an object/],
      [
        { ...valid, scene: 'SELF_RECOVERY' },
        /needs a trigger when its scene is SELF_RECOVERY, and only then/,
      ],
      [
        {
          ...valid,
          trigger: { condition: 'breaker.openFor', params: { breaker: 'p', seconds: 5 } },
        },
        /needs a trigger when its scene is SELF_RECOVERY, and only then/,
      ],
      [
        {
          ...valid,
          scene: 'SELF_RECOVERY',
          trigger: { condition: 'breaker.openFor', params: { breaker: 'p' } },
        },
        /trigger \(condition "breaker.openFor"\): parameter "seconds" is required/,
      ],
      [
        { ...valid, scene: 'SELF_RECOVERY', trigger: { condition: 'moon.full' } },
        /trigger: unknown condition "moon.full". Registered: breaker.openFor\./,
      ],
    ];
    for (const [definition, message] of cases) {
      expect(
        rejection(() => engine.createRunbook(definition as RunbookDefinition)).message,
      ).toMatch(message);
    }
    expect(engine.listRunbooks()).toEqual([]);
  });

  it('refuses a second runbook with the same id or name', () => {
    engine.createRunbook(valid);
    expect(rejection(() => engine.createRunbook({ ...valid, id: 'other' }))).toMatchObject({
      field: 'name',
    });
    expect(rejection(() => engine.createRunbook({ ...valid, name: 'Other' })).message).toMatch(
      /already exists/,
    );
  });

  it('updates and deletes runbooks, and reports unknown ids with a coded error', () => {
    engine.createRunbook(valid);
    const updated = engine.updateRunbook('payments-down', { ...valid, name: 'Payments outage' });
    expect(engine.getRunbook('payments-down').name).toBe('Payments outage');
    expect(updated.createdAt).toBeLessThanOrEqual(updated.updatedAt);
    engine.deleteRunbook('payments-down');
    expect(() => engine.getRunbook('payments-down')).toThrow(UnknownRunbookError);
    expect(() => engine.execute('payments-down')).toThrow(
      expect.objectContaining({ code: 'BALLAST_ERR_RUNBOOK_UNKNOWN' }),
    );
    expect(() => engine.getExecution('nope')).toThrow(
      expect.objectContaining({ code: 'BALLAST_ERR_RUNBOOK_EXECUTION_UNKNOWN' }),
    );
  });

  it('refuses to register an action twice or under a malformed name', () => {
    expect(() => engine.registerAction(flagAction({ setEnabled: () => undefined }))).toThrow(
      /"flag.set" is already registered/,
    );
    expect(() =>
      engine.registerAction({
        name: 'Drop Tables',
        description: '',
        params: { fields: {} } as never,
        run: () => undefined,
      }),
    ).toThrow(expect.objectContaining({ code: 'BALLAST_ERR_CONFIG' }));
  });

  it('describes the registered actions and their parameters', () => {
    expect(engine.actions().find((action) => action.name === 'flag.set')).toEqual({
      name: 'flag.set',
      description: 'Switch a feature flag on or off',
      params: { key: 'flag key', enabled: 'true to switch on, false to switch off' },
    });
    expect(engine.conditions().map((condition) => condition.name)).toEqual(['breaker.openFor']);
  });
});
