import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRuntime } from '@ballast/core';
import { flagsOf, readFlagsDocument } from '../src/index.js';
import { OPERATORS } from '../src/operators/operators.js';

interface Schema {
  readonly $defs: Record<
    string,
    {
      properties: Record<string, { enum?: string[] }>;
      oneOf?: { properties: { operator: { enum: string[] } } }[];
    }
  >;
}

const schema = JSON.parse(
  readFileSync(new URL('../schema/flags.schema.json', import.meta.url), 'utf8'),
) as Schema;
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const jsonBlocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('published JSON Schema', () => {
  it('lists exactly the operators the code implements', () => {
    expect([...schema.$defs['condition']!.properties['operator']!.enum!].sort()).toEqual(
      [...OPERATORS.keys()].sort(),
    );
  });

  it('splits operators into list and single ones as the code does', () => {
    const [list, single] = schema.$defs['condition']!.oneOf!.map((branch) =>
      [...branch.properties.operator.enum].sort(),
    );
    expect(list).toEqual(
      [...OPERATORS.values()]
        .filter((op) => op.arity === 'values')
        .map((op) => op.name)
        .sort(),
    );
    expect(single).toEqual(
      [...OPERATORS.values()]
        .filter((op) => op.arity === 'value')
        .map((op) => op.name)
        .sort(),
    );
  });

  it('lists exactly the flag fields the validator accepts', () => {
    const fields = Object.keys(schema.$defs['flag']!.properties);
    const full = Object.fromEntries(fields.map((field) => [field, undefined]));
    expect(() => readFlagsDocument({ flags: { f: { ...full, enabled: true } } })).not.toThrow();
    expect(() => readFlagsDocument({ flags: { f: { enabled: true, extra: 1 } } })).toThrow(
      /allowed: (.*)/,
    );
    try {
      readFlagsDocument({ flags: { f: { enabled: true, extra: 1 } } });
    } catch (error) {
      const allowed = /allowed: (.*)\)/.exec((error as Error).message)![1]!.split(', ');
      expect(allowed.sort()).toEqual(fields.sort());
    }
  });
});

describe('README examples', () => {
  it('has an example for every gray-release strategy', () => {
    for (const flag of [
      'payments-v2',
      'new-search',
      'eu-checkout',
      'offline-mode',
      'onboarding-tour',
      'loyalty-banner',
      'smart-ranking',
      'ranking-algorithm',
    ]) {
      expect(jsonBlocks.some((block) => block.includes(`"${flag}"`))).toBe(true);
    }
  });

  it.each(jsonBlocks.map((block, index) => ({ index, block })))(
    'example $index is a valid flags document',
    ({ block }) => {
      const runtime = createRuntime();
      expect(() => flagsOf(runtime).load(JSON.parse(block))).not.toThrow();
      runtime.dispose();
    },
  );

  it('behaves as described', () => {
    const runtime = createRuntime();
    const flags = flagsOf(runtime);
    for (const block of jsonBlocks)
      flags.load(JSON.parse(block), { source: String(jsonBlocks.indexOf(block)) });
    expect(flags.evaluate('payments-v2', { key: 'qa-alice' }).reason).toBe('DISABLED');
    expect(flags.isEnabled('new-search', { key: 'qa-bob' })).toBe(true);
    expect(flags.isEnabled('new-search', { key: 'customer-1' })).toBe(false);
    expect(flags.isEnabled('eu-checkout', { key: 'u', attributes: { region: 'uk' } })).toBe(true);
    expect(
      flags.isEnabled('offline-mode', {
        key: 'u',
        attributes: { platform: 'iOS', appVersion: '5.10.0' },
      }),
    ).toBe(true);
    expect(
      flags.isEnabled('offline-mode', {
        key: 'u',
        attributes: { platform: 'web', appVersion: '5.10.0' },
      }),
    ).toBe(false);
    const newcomer = {
      key: 'u',
      attributes: { firstSeen: new Date(Date.now() - 86_400_000).toISOString() },
    };
    expect([
      flags.isEnabled('onboarding-tour', newcomer),
      flags.isEnabled('loyalty-banner', newcomer),
    ]).toEqual([true, false]);
    expect(flags.evaluate('ranking-algorithm', { key: 'u' }).reason).toBe('SPLIT');
    runtime.dispose();
  });
});
