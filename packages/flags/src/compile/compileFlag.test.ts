import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime } from '@ballast/core';
import { ManualClock } from '@ballast/testing';
import type { FlagDefinition } from '../definition/FlagDefinition.js';
import type { EvaluationReason } from '../evaluation/EvaluationReason.js';
import type { FlagContext } from '../evaluation/FlagContext.js';
import { flagsOf } from '../store/flagsOf.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const fixedClock = new ManualClock(NOW);

const user = (key: string | undefined, attributes: Record<string, unknown> = {}): FlagContext => ({
  key,
  attributes,
});
const when = (
  attribute: string,
  operator: string,
  operand: Record<string, unknown>,
): Partial<FlagDefinition> => ({
  rules: [{ conditions: [{ attribute, operator, ...operand } as never], serve: { variant: 'on' } }],
});

interface Case {
  readonly name: string;
  readonly flag: Partial<FlagDefinition>;
  readonly context: FlagContext | undefined;
  readonly value: unknown;
  readonly reason: EvaluationReason;
}

const cases: Case[] = [
  {
    name: 'a flag without targeting is STATIC',
    flag: { fallthrough: { variant: 'on' } },
    context: undefined,
    value: true,
    reason: 'STATIC',
  },
  {
    name: 'the kill switch wins over the allow list',
    flag: { enabled: false, allow: ['u1'] },
    context: user('u1'),
    value: false,
    reason: 'DISABLED',
  },
  {
    name: 'the kill switch wins over a matching rule',
    flag: { enabled: false, ...when('region', 'in', { values: ['eu'] }) },
    context: user('u1', { region: 'eu' }),
    value: false,
    reason: 'DISABLED',
  },
  {
    name: 'an allowed test user gets the feature',
    flag: { allow: ['qa-1'] },
    context: user('qa-1'),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'a denied user is off even when allowed',
    flag: { allow: ['u1'], deny: ['u1'] },
    context: user('u1'),
    value: false,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'the deny list wins over rules',
    flag: { deny: ['u1'], ...when('region', 'in', { values: ['eu'] }) },
    context: user('u1', { region: 'eu' }),
    value: false,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'nobody matched falls through with DEFAULT',
    flag: { allow: ['qa-1'] },
    context: user('u2'),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'in matches a listed region',
    flag: when('region', 'in', { values: ['eu', 'uk'] }),
    context: user('u', { region: 'uk' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'in misses an unlisted region',
    flag: when('region', 'in', { values: ['eu'] }),
    context: user('u', { region: 'us' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'in misses a missing attribute',
    flag: when('region', 'in', { values: ['eu'] }),
    context: user('u'),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'in matches any entry of an array attribute',
    flag: when('roles', 'in', { values: ['beta'] }),
    context: user('u', { roles: ['staff', 'beta'] }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'in compares numbers strictly',
    flag: when('tier', 'in', { values: [1, 2] }),
    context: user('u', { tier: '1' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'in can ignore case',
    flag: when('platform', 'in', { values: ['iOS'], caseInsensitive: true }),
    context: user('u', { platform: 'IOS' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'notIn matches an unlisted platform',
    flag: when('platform', 'notIn', { values: ['web'] }),
    context: user('u', { platform: 'ios' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'notIn misses a listed platform',
    flag: when('platform', 'notIn', { values: ['web'] }),
    context: user('u', { platform: 'web' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'notIn matches a missing attribute',
    flag: when('platform', 'notIn', { values: ['web'] }),
    context: user('u'),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'eq matches the same string',
    flag: when('platform', 'eq', { value: 'android' }),
    context: user('u', { platform: 'android' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'eq is case-sensitive by default',
    flag: when('platform', 'eq', { value: 'android' }),
    context: user('u', { platform: 'Android' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'eq matches a boolean',
    flag: when('employee', 'eq', { value: true }),
    context: user('u', { employee: true }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'eq on key targets one user',
    flag: when('key', 'eq', { value: 'u-7' }),
    context: user('u-7'),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'startsWith matches an email domain prefix',
    flag: when('email', 'startsWith', { values: ['qa+'] }),
    context: user('u', { email: 'qa+1@x.io' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'endsWith matches a company domain',
    flag: when('email', 'endsWith', { values: ['@corp.example', '@corp.test'] }),
    context: user('u', { email: 'a@corp.test' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'endsWith misses another domain',
    flag: when('email', 'endsWith', { values: ['@corp.example'] }),
    context: user('u', { email: 'a@gmail.com' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'contains matches a substring',
    flag: when('userAgent', 'contains', { values: ['Mobile'] }),
    context: user('u', { userAgent: 'Mozilla Mobile Safari' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'contains matches an array entry',
    flag: when('tags', 'contains', { values: ['vip'] }),
    context: user('u', { tags: ['vip', 'eu'] }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'contains ignores non-strings',
    flag: when('tags', 'contains', { values: ['1'] }),
    context: user('u', { tags: 1 }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'gt compares numbers',
    flag: when('orders', 'gt', { value: 10 }),
    context: user('u', { orders: 11 }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'gt is strict',
    flag: when('orders', 'gt', { value: 10 }),
    context: user('u', { orders: 10 }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'gte includes the bound',
    flag: when('orders', 'gte', { value: 10 }),
    context: user('u', { orders: 10 }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'lt accepts a numeric string',
    flag: when('accountAgeDays', 'lt', { value: 7 }),
    context: user('u', { accountAgeDays: '3' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'lte misses a non-numeric string',
    flag: when('accountAgeDays', 'lte', { value: 7 }),
    context: user('u', { accountAgeDays: 'new' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'semverGte matches a newer app version',
    flag: when('appVersion', 'semverGte', { value: '5.2.0' }),
    context: user('u', { appVersion: '5.10.1' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'semverGte misses an older app version (numeric, not text, order)',
    flag: when('appVersion', 'semverGte', { value: '5.10.0' }),
    context: user('u', { appVersion: '5.9.9' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'semverLt puts a pre-release before its release',
    flag: when('appVersion', 'semverLt', { value: '6.0.0' }),
    context: user('u', { appVersion: '6.0.0-beta.2' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'semverEq ignores build metadata',
    flag: when('appVersion', 'semverEq', { value: '1.2.3' }),
    context: user('u', { appVersion: '1.2.3+build.7' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'semverGt misses a malformed version',
    flag: when('appVersion', 'semverGt', { value: '1.0.0' }),
    context: user('u', { appVersion: '2.x' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'semverLte accepts a v prefix',
    flag: when('appVersion', 'semverLte', { value: '2.0.0' }),
    context: user('u', { appVersion: 'v2.0.0' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'after "-30d" finds a new user',
    flag: when('firstSeen', 'after', { value: '-30d' }),
    context: user('u', { firstSeen: '2026-06-01T00:00:00Z' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'after "-30d" skips a returning user',
    flag: when('firstSeen', 'after', { value: '-30d' }),
    context: user('u', { firstSeen: '2025-01-01T00:00:00Z' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'before "-30d" finds a returning user given epoch ms',
    flag: when('firstSeen', 'before', { value: '-30d' }),
    context: user('u', { firstSeen: Date.parse('2026-01-01') }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'before a fixed date accepts a Date attribute',
    flag: when('signup', 'before', { value: '2026-01-01T00:00:00Z' }),
    context: user('u', { signup: new Date('2025-12-31T23:59:59Z') }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'after misses an unparsable date',
    flag: when('signup', 'after', { value: '2020-01-01' }),
    context: user('u', { signup: 'yesterday' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'regex matches',
    flag: when('email', 'regex', { value: '^[a-z]+@(qa|test)\\.example$' }),
    context: user('u', { email: 'ann@qa.example' }),
    value: true,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'regex misses',
    flag: when('email', 'regex', { value: '^[a-z]+@qa\\.example$' }),
    context: user('u', { email: 'ann@prod.example' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'all conditions of a rule must hold',
    flag: {
      rules: [
        {
          conditions: [
            { attribute: 'region', operator: 'in', values: ['eu'] },
            { attribute: 'platform', operator: 'eq', value: 'ios' },
          ],
          serve: { variant: 'on' },
        },
      ],
    },
    context: user('u', { region: 'eu', platform: 'web' }),
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'the first matching rule wins',
    flag: {
      rules: [
        {
          conditions: [{ attribute: 'region', operator: 'in', values: ['eu'] }],
          serve: { variant: 'off' },
        },
        {
          conditions: [{ attribute: 'platform', operator: 'eq', value: 'ios' }],
          serve: { variant: 'on' },
        },
      ],
    },
    context: user('u', { region: 'eu', platform: 'ios' }),
    value: false,
    reason: 'TARGETING_MATCH',
  },
  {
    name: 'a rule can serve a rollout (100 % is everyone)',
    flag: {
      rules: [
        {
          conditions: [{ attribute: 'region', operator: 'in', values: ['eu'] }],
          serve: { rollout: { percentage: 100 } },
        },
      ],
    },
    context: user('u', { region: 'eu' }),
    value: true,
    reason: 'SPLIT',
  },
  {
    name: 'a 0 % rollout includes nobody',
    flag: { fallthrough: { rollout: { percentage: 0 } } },
    context: user('u'),
    value: false,
    reason: 'SPLIT',
  },
  {
    name: 'a rollout without a key serves otherwise with DEFAULT',
    flag: { fallthrough: { rollout: { percentage: 100 } } },
    context: undefined,
    value: false,
    reason: 'DEFAULT',
  },
  {
    name: 'a rollout can stick to another attribute',
    flag: { fallthrough: { rollout: { percentage: 100, stickiness: 'deviceId' } } },
    context: user(undefined, { deviceId: 'd-1' }),
    value: true,
    reason: 'SPLIT',
  },
  {
    name: 'multi-valued flags serve their variant value',
    flag: {
      variants: { v1: 'bm25', v2: 'vector' },
      onVariant: 'v2',
      offVariant: 'v1',
      allow: ['u1'],
    },
    context: user('u1'),
    value: 'vector',
    reason: 'TARGETING_MATCH',
  },
];

describe('flag rule semantics', () => {
  let runtime: Runtime;
  beforeEach(() => {
    runtime = createRuntime({ clock: fixedClock });
  });
  afterEach(() => runtime.dispose());

  it.each(cases)('$name', ({ flag, context, value, reason }) => {
    const flags = flagsOf(runtime);
    flags.set('f', { enabled: true, ...flag });
    const result = flags.evaluate('f', context);
    expect({ value: result.value, reason: result.reason }).toEqual({ value, reason });
  });

  it('serves the Unleash bucket: user 123 of group gr1 is in at 73 % and out at 72 %', () => {
    const flags = flagsOf(runtime);
    flags.set('a', { enabled: true, fallthrough: { rollout: { percentage: 73, groupId: 'gr1' } } });
    flags.set('b', { enabled: true, fallthrough: { rollout: { percentage: 72, groupId: 'gr1' } } });
    expect(flags.isEnabled('a', { key: '123' })).toBe(true);
    expect(flags.isEnabled('b', { key: '123' })).toBe(false);
  });

  it('picks weighted variants with every variant served and the same user always getting the same one', () => {
    const flags = flagsOf(runtime);
    flags.set('color', {
      enabled: true,
      variants: { red: 'r', blue: 'b', green: 'g', off: 'none' },
      onVariant: 'red',
      fallthrough: {
        split: {
          variants: [
            { variant: 'red', weight: 50 },
            { variant: 'blue', weight: 30 },
            { variant: 'green', weight: 20 },
          ],
        },
      },
    });
    const counts: Record<string, number> = {};
    for (let index = 0; index < 20_000; index++) {
      const variant = flags.variant('color', { key: `user-${index}` })!;
      counts[variant] = (counts[variant] ?? 0) + 1;
    }
    expect(Math.abs(counts['red']! / 20_000 - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(counts['blue']! / 20_000 - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(counts['green']! / 20_000 - 0.2)).toBeLessThan(0.02);
    expect(flags.evaluate('color', { key: 'user-7' })).toBe(
      flags.evaluate('color', { key: 'user-7' }),
    );
  });
});
