import type { RolloutDefinition, ServeDefinition, SplitDefinition } from './FlagDefinition.js';
import type { FieldChecker } from './FieldChecker.js';

/** Variant names the serve may use and the flag's defaults. */
export interface ServeScope {
  readonly variants: Readonly<Record<string, unknown>>;
  readonly onVariant: string;
  readonly offVariant: string;
}

function readRollout(
  check: FieldChecker,
  field: string,
  raw: unknown,
  scope: ServeScope,
): RolloutDefinition {
  const input = check.object(field, raw, [
    'percentage',
    'variant',
    'otherwise',
    'groupId',
    'stickiness',
  ]);
  return {
    percentage: check.integer(`${field}.percentage`, input['percentage'], 0, 100),
    variant:
      input['variant'] === undefined
        ? scope.onVariant
        : check.variant(`${field}.variant`, input['variant'], scope.variants),
    otherwise:
      input['otherwise'] === undefined
        ? scope.offVariant
        : check.variant(`${field}.otherwise`, input['otherwise'], scope.variants),
    ...optional('groupId', check.optionalString(`${field}.groupId`, input['groupId'])),
    ...optional('stickiness', check.optionalString(`${field}.stickiness`, input['stickiness'])),
  };
}

function readSplit(
  check: FieldChecker,
  field: string,
  raw: unknown,
  scope: ServeScope,
): SplitDefinition {
  const input = check.object(field, raw, ['variants', 'groupId', 'stickiness']);
  const list = input['variants'];
  if (!Array.isArray(list) || list.length === 0) {
    return check.fail(`${field}.variants`, 'must be a non-empty array of { "variant", "weight" }');
  }
  const variants = list.map((entry, index) => {
    const where = `${field}.variants[${index}]`;
    const item = check.object(where, entry, ['variant', 'weight']);
    return {
      variant: check.variant(`${where}.variant`, item['variant'], scope.variants),
      weight: check.integer(`${where}.weight`, item['weight'], 1, 1_000_000),
    };
  });
  return {
    variants,
    ...optional('groupId', check.optionalString(`${field}.groupId`, input['groupId'])),
    ...optional('stickiness', check.optionalString(`${field}.stickiness`, input['stickiness'])),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Validates a serve clause: exactly one of `variant`, `rollout`, `split`. */
export function readServe(
  check: FieldChecker,
  field: string,
  raw: unknown,
  scope: ServeScope,
): ServeDefinition {
  const input = check.object(field, raw, ['variant', 'rollout', 'split']);
  const given = ['variant', 'rollout', 'split'].filter((key) => input[key] !== undefined);
  if (given.length !== 1) {
    return check.fail(
      field,
      `must have exactly one of "variant", "rollout", "split" (got ${given.length === 0 ? 'none' : given.join(' and ')})`,
    );
  }
  if (input['variant'] !== undefined)
    return { variant: check.variant(`${field}.variant`, input['variant'], scope.variants) };
  if (input['rollout'] !== undefined)
    return { rollout: readRollout(check, `${field}.rollout`, input['rollout'], scope) };
  return { split: readSplit(check, `${field}.split`, input['split'], scope) };
}
