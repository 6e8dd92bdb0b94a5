import { describe, expect, it } from '@jest/globals';
import { validateFlagDefinition } from '../compile/validateFlagDefinition.js';
import { FlagDefinitionError } from '../errors/FlagDefinitionError.js';
import { readFlagsDocument } from './readFlagsDocument.js';

interface Malformed {
  readonly name: string;
  readonly flag: unknown;
  readonly field: string;
  readonly says: string;
}

const rule = (condition: Record<string, unknown>): unknown => ({
  enabled: true,
  rules: [{ conditions: [condition], serve: { variant: 'on' } }],
});

const malformed: Malformed[] = [
  { name: 'a missing kill switch', flag: {}, field: 'enabled', says: 'is required' },
  {
    name: 'a string kill switch',
    flag: { enabled: 'yes' },
    field: 'enabled',
    says: 'must be a boolean',
  },
  {
    name: 'an unknown field',
    flag: { enabled: true, percent: 5 },
    field: 'percent',
    says: 'not a known field',
  },
  { name: 'a flag that is not an object', flag: 'on', field: '', says: 'must be an object' },
  {
    name: 'empty variants',
    flag: { enabled: true, variants: {} },
    field: 'variants',
    says: 'non-empty object',
  },
  {
    name: 'a non-JSON variant value',
    flag: { enabled: true, variants: { on: Number.NaN, off: 0 } },
    field: 'variants',
    says: 'JSON value',
  },
  {
    name: 'variants without the default on',
    flag: { enabled: true, variants: { a: 1, off: 0 } },
    field: 'onVariant',
    says: 'names variant "on"',
  },
  {
    name: 'an offVariant that does not exist',
    flag: { enabled: true, offVariant: 'none' },
    field: 'offVariant',
    says: 'not in variants',
  },
  {
    name: 'an allow list of numbers',
    flag: { enabled: true, allow: [42] },
    field: 'allow[0]',
    says: 'must be a string',
  },
  {
    name: 'a deny list that is a string',
    flag: { enabled: true, deny: 'u1' },
    field: 'deny',
    says: 'must be an array',
  },
  {
    name: 'rules that are not an array',
    flag: { enabled: true, rules: {} },
    field: 'rules',
    says: 'must be an array',
  },
  {
    name: 'a rule without conditions',
    flag: { enabled: true, rules: [{ conditions: [], serve: { variant: 'on' } }] },
    field: 'rules[0].conditions',
    says: 'must have at least 1 items',
  },
  {
    name: 'a rule without serve',
    flag: {
      enabled: true,
      rules: [{ conditions: [{ attribute: 'a', operator: 'eq', value: 1 }] }],
    },
    field: 'rules[0].serve',
    says: 'is required',
  },
  {
    name: 'an unknown operator',
    flag: rule({ attribute: 'region', operator: 'like', values: ['eu'] }),
    field: 'rules[0].conditions[0].operator',
    says: 'must be one of "in", "notIn"',
  },
  {
    name: 'a condition without attribute',
    flag: rule({ operator: 'in', values: ['eu'] }),
    field: 'rules[0].conditions[0].attribute',
    says: 'is required',
  },
  {
    name: 'a list operator given one value',
    flag: rule({ attribute: 'region', operator: 'in', value: 'eu' }),
    field: 'rules[0].conditions[0]',
    says: 'needs "values"',
  },
  {
    name: 'a list operator given no values',
    flag: rule({ attribute: 'region', operator: 'notIn' }),
    field: 'rules[0].conditions[0]',
    says: 'needs "values"',
  },
  {
    name: 'a single operator given a list',
    flag: rule({ attribute: 'n', operator: 'gt', values: [1] }),
    field: 'rules[0].conditions[0]',
    says: 'one "value" with the other operators',
  },
  {
    name: 'a single operator given nothing',
    flag: rule({ attribute: 'n', operator: 'eq' }),
    field: 'rules[0].conditions[0]',
    says: 'one "value" with the other operators',
  },
  {
    name: 'a numeric comparison against text',
    flag: rule({ attribute: 'n', operator: 'gte', value: 'ten' }),
    field: 'rules[0].conditions[0].value',
    says: 'finite number',
  },
  {
    name: 'a semver comparison against a bad version',
    flag: rule({ attribute: 'appVersion', operator: 'semverGt', value: '5.2' }),
    field: 'rules[0].conditions[0].value',
    says: 'semantic version',
  },
  {
    name: 'a date comparison against a bad date',
    flag: rule({ attribute: 'firstSeen', operator: 'after', value: 'last week' }),
    field: 'rules[0].conditions[0].value',
    says: 'ISO 8601',
  },
  {
    name: 'an invalid regular expression',
    flag: rule({ attribute: 'email', operator: 'regex', value: '([a-z' }),
    field: 'rules[0].conditions[0].value',
    says: 'not a valid regular expression',
  },
  {
    name: 'a regular expression that can backtrack for exponential time',
    flag: rule({ attribute: 'email', operator: 'regex', value: '^([a-z]+)+@example\\.com$' }),
    field: 'rules[0].conditions[0].value',
    says: 'could take exponential time on some inputs',
  },
  {
    name: 'an object in an in-list',
    flag: rule({ attribute: 'region', operator: 'in', values: [{ eu: true }] }),
    field: 'rules[0].conditions[0].values[0]',
    says: 'must be a string, a number or a boolean',
  },
  {
    name: 'a number in a startsWith list',
    flag: rule({ attribute: 'email', operator: 'startsWith', values: [1] }),
    field: 'rules[0].conditions[0].values',
    says: 'must be a string',
  },
  {
    name: 'caseInsensitive that is not boolean',
    flag: rule({ attribute: 'r', operator: 'in', values: ['a'], caseInsensitive: 'yes' }),
    field: 'rules[0].conditions[0].caseInsensitive',
    says: 'must be a boolean',
  },
  {
    name: 'a serve with two strategies',
    flag: { enabled: true, fallthrough: { variant: 'on', rollout: { percentage: 5 } } },
    field: 'fallthrough',
    says: 'exactly one of',
  },
  {
    name: 'a serve naming an unknown variant',
    flag: { enabled: true, fallthrough: { variant: 'blue' } },
    field: 'fallthrough.variant',
    says: 'not in variants',
  },
  {
    name: 'a rollout above 100 %',
    flag: { enabled: true, fallthrough: { rollout: { percentage: 101 } } },
    field: 'fallthrough.rollout.percentage',
    says: 'must be <= 100',
  },
  {
    name: 'a fractional rollout',
    flag: { enabled: true, fallthrough: { rollout: { percentage: 12.5 } } },
    field: 'fallthrough.rollout.percentage',
    says: 'must be an integer',
  },
  {
    name: 'a rollout to an unknown variant',
    flag: { enabled: true, fallthrough: { rollout: { percentage: 5, variant: 'x' } } },
    field: 'fallthrough.rollout.variant',
    says: 'not in variants',
  },
  {
    name: 'an empty split',
    flag: { enabled: true, fallthrough: { split: { variants: [] } } },
    field: 'fallthrough.split.variants',
    says: 'must have at least 1 items',
  },
  {
    name: 'a split weight of zero',
    flag: { enabled: true, fallthrough: { split: { variants: [{ variant: 'on', weight: 0 }] } } },
    field: 'fallthrough.split.variants[0].weight',
    says: 'must be >= 1',
  },
];

describe('flag definition validation', () => {
  it.each(malformed)('rejects $name, naming the flag and the field', ({ flag, field, says }) => {
    let thrown: unknown;
    try {
      validateFlagDefinition('checkout', flag);
    } catch (error) {
      thrown = error;
    }
    expect(FlagDefinitionError.is(thrown)).toBe(true);
    const error = thrown as FlagDefinitionError;
    expect(error.code).toBe('BALLAST_ERR_FLAG_DEFINITION');
    expect({ flag: error.flag, field: error.field }).toEqual({ flag: 'checkout', field });
    expect(error.message).toContain('flag "checkout"');
    if (field !== '') expect(error.message).toContain(`field "${field}"`);
    expect(error.message).toContain(says);
  });

  it('rejects a document without flags', () => {
    expect(() => readFlagsDocument({ flag: {} })).toThrow(
      'flags document, field "flags": is required',
    );
    expect(() => readFlagsDocument({})).toThrow('flags document, field "flags": is required');
  });

  it('rejects a flag key with spaces, naming it', () => {
    expect(() => readFlagsDocument({ flags: { 'new search': { enabled: true } } })).toThrow(
      /field "flags": flag keys must match/,
    );
  });

  it('fills in defaults on a minimal flag', () => {
    expect(readFlagsDocument({ flags: { f: { enabled: true } } })).toEqual({
      f: {
        enabled: true,
        variants: { on: true, off: false },
        onVariant: 'on',
        offVariant: 'off',
        rules: [],
        fallthrough: { variant: 'on' },
      },
    });
  });
});
