import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createRuntime, type Runtime } from '@ballast/core';
import { FlagDefinitionError, flagsOf, FlagVersionConflictError } from '../src/index.js';
import { SqliteFlagSource } from '../src/sqlite.js';
import { captureLogger, nextEvent } from './nextEvent.js';

describe('SQLite flag source', () => {
  let dir: string;
  let file: string;
  let db: Database.Database;
  let runtime: Runtime;
  let logger: ReturnType<typeof captureLogger>;

  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-03-01T09:00:00Z') });
    dir = mkdtempSync(join(tmpdir(), 'ballast-flags-db-'));
    file = join(dir, 'flags.db');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    runtime = createRuntime();
    logger = captureLogger();
  });
  afterEach(() => {
    runtime.dispose();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    jest.useRealTimers();
  });

  it('creates, updates and deletes flags with a versioned audit history of who, what and when', () => {
    const source = new SqliteFlagSource(flagsOf(runtime), db, { logger });
    expect(source.put('checkout', { enabled: true }, { actor: 'alice', comment: 'launch' })).toBe(
      1,
    );
    jest.setSystemTime(Date.now() + 60_000);
    expect(
      source.put('checkout', { enabled: false }, { actor: 'bob', comment: 'incident 4711' }),
    ).toBe(2);
    expect(flagsOf(runtime).evaluate('checkout')).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
    expect(source.get('checkout')).toEqual({ definition: { enabled: false }, version: 2 });

    jest.setSystemTime(Date.now() + 60_000);
    expect(source.delete('checkout', { actor: 'carol' })).toBe(3);
    expect(flagsOf(runtime).snapshot.has('checkout')).toBe(false);
    expect(source.history('checkout')).toEqual([
      expect.objectContaining({
        version: 3,
        action: 'delete',
        changedBy: 'carol',
        changedAt: '2026-03-01T09:02:00.000Z',
        definition: undefined,
        previous: { enabled: false },
      }),
      expect.objectContaining({
        version: 2,
        action: 'update',
        changedBy: 'bob',
        comment: 'incident 4711',
        definition: { enabled: false },
        previous: { enabled: true },
      }),
      expect.objectContaining({
        version: 1,
        action: 'create',
        changedBy: 'alice',
        changedAt: '2026-03-01T09:00:00.000Z',
        previous: undefined,
      }),
    ]);
    expect(source.put('checkout', { enabled: true }, { actor: 'alice' })).toBe(4); // versions never repeat
  });

  it('refuses an invalid definition before writing anything', () => {
    const source = new SqliteFlagSource(flagsOf(runtime), db, { logger });
    expect(() =>
      source.put(
        'checkout',
        {
          enabled: true,
          rules: [
            {
              conditions: [{ attribute: 'v', operator: 'semverGt', value: 'x' }],
              serve: { variant: 'on' },
            },
          ],
        },
        { actor: 'alice' },
      ),
    ).toThrow(FlagDefinitionError);
    expect(source.history()).toEqual([]);
    expect(() => source.put('checkout', { enabled: true }, { actor: '' })).toThrow(/field "actor"/);
  });

  it('detects a lost update with expectedVersion', () => {
    const source = new SqliteFlagSource(flagsOf(runtime), db, { logger });
    source.put('checkout', { enabled: true }, { actor: 'alice', expectedVersion: 0 });
    source.put('checkout', { enabled: false }, { actor: 'bob', expectedVersion: 1 });
    expect(() =>
      source.put('checkout', { enabled: true }, { actor: 'alice', expectedVersion: 1 }),
    ).toThrow(FlagVersionConflictError);
    expect(source.get('checkout')?.version).toBe(2);
  });

  it('bootstraps from existing rows and picks up commits of another connection by polling', async () => {
    new SqliteFlagSource(flagsOf(createRuntime()), db, { pollIntervalMs: 0, logger }).put(
      'checkout',
      { enabled: true },
      { actor: 'setup' },
    );
    const source = new SqliteFlagSource(flagsOf(runtime), db, { pollIntervalMs: 500, logger });
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(true);

    const other = new Database(file);
    const changed = nextEvent(runtime, 'flags.changed');
    new SqliteFlagSource(flagsOf(createRuntime()), other, { pollIntervalMs: 0, logger }).put(
      'checkout',
      { enabled: false },
      { actor: 'ops' },
    );
    other.close();
    await jest.advanceTimersByTimeAsync(500);
    await expect(changed).resolves.toMatchObject({ source: source.source, changed: ['checkout'] });
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(false);
  });

  it('keeps the last good snapshot when a row is corrupted by hand, with a log line', async () => {
    const source = new SqliteFlagSource(flagsOf(runtime), db, { pollIntervalMs: 500, logger });
    source.put('checkout', { enabled: true }, { actor: 'alice' });
    const other = new Database(file);
    other
      .prepare(`UPDATE ballast_flags SET definition = '{"enabled":' WHERE key = 'checkout'`)
      .run();
    other.close();
    const rejected = nextEvent(runtime, 'flags.rejected');
    await jest.advanceTimersByTimeAsync(500);
    await expect(rejected).resolves.toMatchObject({
      error: expect.objectContaining({ flag: 'checkout' }),
    });
    expect(logger.warnings.at(-1)).toMatch(
      /rejected sqlite:ballast_flags \(BALLAST_ERR_FLAG_DEFINITION\): flag "checkout": stored definition is not valid JSON/,
    );
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(true);
  });

  it('stops polling when the runtime is disposed', () => {
    new SqliteFlagSource(flagsOf(runtime), db, { pollIntervalMs: 500, logger });
    expect(runtime.scheduler.size).toBe(1);
    runtime.dispose();
    expect(runtime.scheduler.size).toBe(0);
  });

  it('merges with a file layer: the later source overrides a flag of the earlier one', () => {
    const flags = flagsOf(runtime);
    flags.load(
      { flags: { checkout: { enabled: true }, search: { enabled: true } } },
      { source: 'bootstrap' },
    );
    const source = new SqliteFlagSource(flags, db, { logger });
    source.put('checkout', { enabled: false }, { actor: 'ops' });
    expect(flags.snapshot.keys()).toEqual(['checkout', 'search']);
    expect(flags.evaluate('checkout').reason).toBe('DISABLED');
    source.delete('checkout', { actor: 'ops' });
    expect(flags.evaluate('checkout').reason).toBe('STATIC');
  });
});
