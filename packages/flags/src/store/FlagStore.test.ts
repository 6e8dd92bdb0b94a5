import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime } from '@ballast/core';
import { ManualClock } from '@ballast/testing';
import { FlagDefinitionError } from '../errors/FlagDefinitionError.js';
import type { FlagsChangedEvent, FlagsRejectedEvent } from './flagEvents.js';
import { flagsOf, flagStatisticsOf } from './flagsOf.js';
import { MAX_UNKNOWN_FLAGS, OTHER_FLAG_LABEL } from './FlagStatistics.js';

describe('FlagStore', () => {
  let runtime: Runtime;
  beforeEach(() => {
    runtime = createRuntime();
  });
  afterEach(() => runtime.dispose());

  it('is one store per runtime, and reading statistics never creates one', () => {
    expect(flagStatisticsOf(runtime)).toBeUndefined();
    expect(flagsOf(runtime)).toBe(flagsOf(runtime));
    expect(flagStatisticsOf(runtime)).toBe(flagsOf(runtime).statistics);
    const other = createRuntime();
    expect(flagsOf(runtime)).not.toBe(flagsOf(other));
    other.dispose();
  });

  it('emits flags.changed with what changed and what was removed', () => {
    const events: FlagsChangedEvent[] = [];
    runtime.events.on('flags.changed', (event) => events.push(event));
    const flags = flagsOf(runtime);
    flags.load({ flags: { a: { enabled: true }, b: { enabled: true } } });
    flags.load({ flags: { a: { enabled: true }, c: { enabled: false } } });
    expect(events).toEqual([
      { version: 1, source: 'programmatic', changed: ['a', 'b'], removed: [] },
      { version: 2, source: 'programmatic', changed: ['c'], removed: ['b'] },
    ]);
  });

  it('rejects an invalid document whole, emits flags.rejected and keeps the snapshot', () => {
    const rejected: FlagsRejectedEvent[] = [];
    runtime.events.on('flags.rejected', (event) => rejected.push(event));
    const flags = flagsOf(runtime);
    flags.load({ flags: { a: { enabled: true } } });
    const before = flags.snapshot;
    expect(() => flags.load({ flags: { a: { enabled: false }, b: { enabled: 'no' } } })).toThrow(
      FlagDefinitionError,
    );
    expect(flags.snapshot).toBe(before);
    expect(flags.isEnabled('a')).toBe(true);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      source: 'programmatic',
      error: { flag: 'b', field: 'enabled' },
    });
    expect(flags.statistics.rejectedReloads).toBe(1);
  });

  it('merges layers in order of first use; unloading one lets the earlier show through', () => {
    const flags = flagsOf(runtime);
    flags.load({ flags: { a: { enabled: true }, b: { enabled: true } } }, { source: 'file' });
    flags.load({ flags: { a: { enabled: false } } }, { source: 'db' });
    expect(flags.isEnabled('a')).toBe(false);
    flags.unload('db');
    expect(flags.isEnabled('a')).toBe(true);
    flags.remove('b', { source: 'file' });
    expect(flags.snapshot.keys()).toEqual(['a']);
  });

  it('returns the same frozen result object for the same outcome, so evaluations allocate nothing', () => {
    const flags = flagsOf(runtime);
    flags.set('a', { enabled: true, allow: ['u1'] });
    const first = flags.evaluate('a', { key: 'u1' });
    expect(flags.evaluate('a', { key: 'u1' })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('never throws on evaluation: unknown flags and wrong types give the default with ERROR, counted', () => {
    const flags = flagsOf(runtime);
    flags.set('color', { enabled: true, variants: { on: 'blue', off: 'grey' } });
    expect(flags.evaluate('missing', undefined, 'x')).toEqual({
      value: 'x',
      variant: undefined,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: 'no flag "missing"',
    });
    expect(flags.evaluate('color', undefined, 3)).toMatchObject({
      value: 3,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(flags.isEnabled('color', undefined, true)).toBe(true);
    expect(flags.isEnabled('missing')).toBe(false);
    expect(flags.variant('missing')).toBeUndefined();
    expect(flags.statistics.errors).toBe(5);
  });

  it('survives a context whose attributes throw when read', () => {
    const flags = flagsOf(runtime);
    flags.set('a', {
      enabled: true,
      rules: [
        {
          conditions: [{ attribute: 'region', operator: 'eq', value: 'eu' }],
          serve: { variant: 'on' },
        },
      ],
    });
    const hostile = {
      key: 'u1',
      get attributes(): Record<string, unknown> {
        throw new Error('boom');
      },
    };
    expect(flags.evaluate('a', hostile, true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'GENERAL',
    });
    expect(flags.isEnabled('a', hostile, true)).toBe(true);
  });

  it('keeps counters across reloads and bounds the series of unknown flag keys', () => {
    const flags = flagsOf(runtime);
    flags.set('a', { enabled: true });
    flags.isEnabled('a');
    flags.set('a', { enabled: true, description: 'reloaded' });
    flags.isEnabled('a');
    expect(flags.statistics.counts()).toContainEqual({
      flag: 'a',
      variant: 'on',
      reason: 'STATIC',
      count: 2,
    });
    for (let index = 0; index < MAX_UNKNOWN_FLAGS + 10; index++) flags.isEnabled(`typo-${index}`);
    const unknownSeries = flags.statistics
      .counts()
      .filter((row) => row.flag.startsWith('typo-') || row.flag === OTHER_FLAG_LABEL);
    expect(unknownSeries).toHaveLength(MAX_UNKNOWN_FLAGS + 1);
    expect(unknownSeries.find((row) => row.flag === OTHER_FLAG_LABEL)?.count).toBe(10);
  });

  it('re-reads the clock for relative dates on every evaluation', () => {
    const clock = new ManualClock(Date.parse('2026-01-31T00:00:00Z'));
    const clocked = createRuntime({ clock });
    const flags = flagsOf(clocked);
    flags.set('welcome', {
      enabled: true,
      rules: [
        {
          conditions: [{ attribute: 'firstSeen', operator: 'after', value: '-7d' }],
          serve: { variant: 'on' },
        },
      ],
    });
    const user = { key: 'u', attributes: { firstSeen: '2026-01-30T00:00:00Z' } };
    expect(flags.isEnabled('welcome', user)).toBe(true);
    clock.advance(7 * 86_400_000);
    expect(flags.isEnabled('welcome', user)).toBe(false);
    clocked.dispose();
  });

  it('serves object values nobody can change for the next caller', () => {
    const flags = flagsOf(runtime);
    flags.set('layout', { enabled: true, variants: { on: { columns: 3, panes: ['a'] }, off: {} } });
    const value = flags.evaluate('layout', { key: 'u1' }).value as {
      columns: number;
      panes: string[];
    };
    expect(() => {
      value.columns = 99;
    }).toThrow(TypeError);
    expect(() => value.panes.push('b')).toThrow('not extensible');
    expect(flags.evaluate('layout', { key: 'u2' }).value).toEqual({ columns: 3, panes: ['a'] });
    expect(Object.isFrozen(flags.snapshot.definition('layout'))).toBe(true);
  });

  it('copies what load() and set() are given: editing it later changes no flag', () => {
    const changes: FlagsChangedEvent[] = [];
    runtime.events.on('flags.changed', (event) => changes.push(event));
    const flags = flagsOf(runtime);
    const document = {
      flags: {
        layout: { enabled: true, variants: { on: { columns: 3 }, off: { columns: 1 } } },
        beta: { enabled: true, allow: ['u1'], fallthrough: { variant: 'off' } },
      },
    };
    flags.load(document);
    const definition = { enabled: true, variants: { on: { size: 'l' }, off: { size: 's' } } };
    flags.set('sizes', definition);
    document.flags.layout.variants.on.columns = 99;
    document.flags.beta.allow.push('u2');
    document.flags.layout.enabled = false;
    definition.variants.on.size = 'xxl';
    expect(flags.evaluate('layout', { key: 'u' }).value).toEqual({ columns: 3 });
    expect(flags.isEnabled('beta', { key: 'u2' })).toBe(false);
    expect(flags.evaluate('sizes', { key: 'u' }).value).toEqual({ size: 'l' });
    expect(changes.map((change) => change.version)).toEqual([1, 2]);
  });
});
