import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime } from '@ballast/core';
import { flagsOf } from '@ballast/flags';
import { SqliteFlagSource } from '@ballast/flags/sqlite';
import { createRunbookEngine, flagAction, flagSwitchOf, type RunbookEngine } from '../src/index.js';
import { tempStore, type TempStore } from './runbookFixtures.js';

describe('flag.set on a real SQLite flag source', () => {
  let store: TempStore;
  let runtime: Runtime;
  let db: Database.Database;
  let source: SqliteFlagSource;
  let engine: RunbookEngine;

  beforeEach(() => {
    store = tempStore();
    runtime = createRuntime();
    db = new Database(`${store.path}.flags`);
    source = new SqliteFlagSource(flagsOf(runtime), db);
    source.put('checkout', { enabled: true }, { actor: 'setup' });
    engine = createRunbookEngine({
      runtime,
      store: store.path,
      actions: [flagAction(flagSwitchOf(source))],
    });
    engine.createRunbook({
      id: 'kill-checkout',
      name: 'Kill checkout',
      scene: 'EMERGENCY',
      steps: [
        { action: 'flag.set', params: { key: 'checkout', enabled: false }, preConfirm: true },
      ],
    });
  });

  afterEach(() => {
    runtime.dispose();
    db.close();
    store.cleanup();
  });

  it('switches the flag off for the confirming operator, audited', async () => {
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(true);
    const { id } = engine.execute('kill-checkout', { actor: 'alice' });
    engine.confirm(id, 0, 'bob');
    const run = await engine.settled(id);
    expect(run.status).toBe('SUCCEEDED');
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(false);
    expect(source.history('checkout')[0]).toMatchObject({
      changedBy: 'bob',
      comment: 'runbook: switched off',
      definition: { enabled: false },
    });
  });

  it('fails the step for a flag the source does not hold', async () => {
    engine.createRunbook({
      id: 'kill-search',
      name: 'Kill search',
      scene: 'EMERGENCY',
      steps: [{ action: 'flag.set', params: { key: 'search', enabled: false } }],
    });
    const run = await engine.settled(engine.execute('kill-search').id);
    expect(run.steps[0]!.error).toEqual({
      code: 'BALLAST_ERR_RUNBOOK_ACTION',
      message: 'Flag "search" does not exist in the flag source; nothing to switch.',
    });
  });
});
