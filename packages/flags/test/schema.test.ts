import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRuntime } from '@ballast/core';
import { FlagsDocumentSchema } from '../src/definition/FlagDefinition.js';
import { flagsOf, readFlagsDocument } from '../src/index.js';
import { OPERATORS } from '../src/operators/operators.js';

interface Schema {
  readonly $schema: string;
  readonly $id: string;
  readonly properties: {
    readonly flags: {
      readonly patternProperties: Record<
        string,
        {
          properties: Record<string, unknown> & {
            rules: {
              items: {
                properties: {
                  conditions: { items: { properties: { operator: { enum: string[] } } } };
                };
              };
            };
          };
        }
      >;
    };
  };
}

const schema = JSON.parse(
  readFileSync(new URL('../schema/flags.schema.json', import.meta.url), 'utf8'),
) as Schema;
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const jsonBlocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]!);
const flag = Object.values(schema.properties.flags.patternProperties)[0]!;

describe('published JSON Schema', () => {
  it('is the schema readFlagsDocument checks with (regenerate: npm run schemas -w @ballast/flags)', () => {
    const { $schema, $id, ...rest } = schema;
    expect([$schema, $id]).toEqual([
      'https://json-schema.org/draft/2020-12/schema',
      'https://ballast.dev/schema/flags.schema.json',
    ]);
    expect(rest).toEqual(JSON.parse(JSON.stringify(FlagsDocumentSchema)));
  });

  it('lists exactly the operators the code implements', () => {
    const operators =
      flag.properties.rules.items.properties.conditions.items.properties.operator.enum;
    expect([...operators].sort()).toEqual([...OPERATORS.keys()].sort());
  });

  it('lists exactly the flag fields the validator accepts', () => {
    const fields = Object.keys(flag.properties);
    expect(() => readFlagsDocument({ flags: { f: { enabled: true, extra: 1 } } })).toThrow(
      `is not a known field (allowed: ${fields.join(', ')})`,
    );
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
