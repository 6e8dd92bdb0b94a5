import type { FlagDefinition, FlagValue, RuleDefinition } from './FlagDefinition.js';
import { describeValue, FieldChecker, isRecord } from './FieldChecker.js';
import { frozenCopy } from './frozenCopy.js';
import { readCondition } from './readCondition.js';
import { readServe, type ServeScope } from './readServe.js';

const FIELDS = [
  'enabled',
  'description',
  'variants',
  'onVariant',
  'offVariant',
  'allow',
  'deny',
  'rules',
  'fallthrough',
];
const DEFAULT_VARIANTS: Readonly<Record<string, FlagValue>> = Object.freeze({
  on: true,
  off: false,
});

function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((entry) => isJsonValue(entry, depth + 1));
  if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every((entry) => isJsonValue(entry, depth + 1));
  }
  return false;
}

function readVariants(check: FieldChecker, raw: unknown): Readonly<Record<string, FlagValue>> {
  if (raw === undefined) return DEFAULT_VARIANTS;
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    return check.fail(
      'variants',
      `must be a non-empty object of variant name to value (got ${describeValue(raw)})`,
    );
  }
  for (const [name, value] of Object.entries(raw)) {
    if (!isJsonValue(value))
      check.fail(
        `variants.${name}`,
        'must be a JSON value (string, finite number, boolean, null, array or object)',
      );
  }
  return raw as Record<string, FlagValue>;
}

function readRule(
  check: FieldChecker,
  field: string,
  raw: unknown,
  scope: ServeScope,
): RuleDefinition {
  const input = check.object(field, raw, ['name', 'conditions', 'serve']);
  const name = check.optionalString(`${field}.name`, input['name']);
  const conditions = input['conditions'];
  if (!Array.isArray(conditions) || conditions.length === 0) {
    return check.fail(
      `${field}.conditions`,
      `must be a non-empty array of conditions (got ${describeValue(conditions)}); use "fallthrough" for everyone else`,
    );
  }
  return {
    ...(name === undefined ? {} : { name }),
    conditions: conditions.map((condition, index) =>
      readCondition(check, `${field}.conditions[${index}]`, condition),
    ),
    serve: readServe(check, `${field}.serve`, input['serve'], scope),
  };
}

/**
 * Validates one flag definition and fills in defaults (variants, onVariant, offVariant). Returns
 * a deep-frozen copy that shares nothing with `raw`. Throws a `FlagDefinitionError` naming `key`
 * and the offending field.
 */
export function readFlagDefinition(key: string, raw: unknown): FlagDefinition {
  return frozenCopy(readDefinition(key, raw));
}

function readDefinition(key: string, raw: unknown): FlagDefinition {
  const check = new FieldChecker(key);
  const input = check.object('', raw, FIELDS);
  if (typeof input['enabled'] !== 'boolean') {
    check.fail(
      'enabled',
      `is required and must be true or false (got ${describeValue(input['enabled'])})`,
    );
  }
  const variants = readVariants(check, input['variants']);
  const onVariant = check.variant('onVariant', input['onVariant'] ?? 'on', variants);
  const offVariant = check.variant('offVariant', input['offVariant'] ?? 'off', variants);
  const scope: ServeScope = { variants, onVariant, offVariant };
  const description = check.optionalString('description', input['description']);
  const allow = check.optionalStrings('allow', input['allow']);
  const deny = check.optionalStrings('deny', input['deny']);
  const rules = input['rules'] as unknown[] | undefined;
  if (rules !== undefined && !Array.isArray(rules))
    check.fail('rules', `must be an array of rules (got ${describeValue(rules)})`);
  return {
    enabled: input['enabled'] as boolean,
    ...(description === undefined ? {} : { description }),
    variants,
    onVariant,
    offVariant,
    ...(allow === undefined ? {} : { allow }),
    ...(deny === undefined ? {} : { deny }),
    rules: (rules ?? []).map((rule, index) => readRule(check, `rules[${index}]`, rule, scope)),
    fallthrough:
      input['fallthrough'] === undefined
        ? { variant: (allow?.length ?? 0) > 0 || (rules?.length ?? 0) > 0 ? offVariant : onVariant }
        : readServe(check, 'fallthrough', input['fallthrough'], scope),
  };
}
