import Type, { type Static } from 'typebox';

/** A JSON value a flag variant can carry. */
export type FlagValue =
  boolean | string | number | null | readonly FlagValue[] | { readonly [key: string]: FlagValue };

const LIST_OPERATORS = ['in', 'notIn', 'startsWith', 'endsWith', 'contains'] as const;
const SINGLE_OPERATORS = [
  'eq',
  'gt',
  'gte',
  'lt',
  'lte',
  'semverEq',
  'semverGt',
  'semverGte',
  'semverLt',
  'semverLte',
  'before',
  'after',
  'regex',
] as const;
const LIST = new Set<string>(LIST_OPERATORS);

const Name = Type.String({ minLength: 1 });

function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((entry) => isJsonValue(entry, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every((entry) => isJsonValue(entry, depth + 1));
  }
  return false;
}
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()], {
  description: 'a string, a number or a boolean',
});

/**
 * One test on a context attribute. `attribute: "key"` tests the targeting key. List operators
 * (`in`, `notIn`, `startsWith`, `endsWith`, `contains`) take `values` and match when any value
 * matches; the others take one `value`. The operand itself is checked when the operator
 * compiles it.
 */
export const ConditionSchema = Type.Refine(
  Type.Object(
    {
      attribute: Type.String({
        minLength: 1,
        description: 'context attribute; "key" is the targeting key',
      }),
      operator: Type.Enum([...LIST_OPERATORS, ...SINGLE_OPERATORS]),
      value: Type.Optional(Scalar),
      values: Type.Optional(Type.Array(Scalar, { minItems: 1 })),
      caseInsensitive: Type.Optional(
        Type.Boolean({ description: 'string operators compare without case', default: false }),
      ),
    },
    { additionalProperties: false },
  ),
  (condition) =>
    LIST.has(condition.operator)
      ? condition.values !== undefined && condition.value === undefined
      : condition.value !== undefined && condition.values === undefined,
  () =>
    `needs "values" (a non-empty array) with ${LIST_OPERATORS.join(', ')}, and one "value" with the other operators`,
);

/** Percentage rollout: keys whose Unleash bucket is ≤ `percentage` get `variant`, the rest `otherwise`. */
export const RolloutSchema = Type.Object(
  {
    percentage: Type.Integer({ minimum: 0, maximum: 100 }),
    variant: Type.Optional(
      Type.String({
        minLength: 1,
        description: "served inside the rollout (default: the flag's onVariant)",
      }),
    ),
    otherwise: Type.Optional(
      Type.String({
        minLength: 1,
        description: "served outside it (default: the flag's offVariant)",
      }),
    ),
    groupId: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Unleash groupId; flags sharing it roll out to the same users (default: the flag key)',
      }),
    ),
    stickiness: Type.Optional(
      Type.String({ minLength: 1, description: 'attribute bucketed on', default: 'key' }),
    ),
  },
  { additionalProperties: false },
);

/** Weighted variants, picked like Unleash variants (seed 86028157, normalizer = total weight). */
export const SplitSchema = Type.Object(
  {
    variants: Type.Array(
      Type.Object(
        { variant: Name, weight: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    groupId: Type.Optional(Type.String({ minLength: 1, description: 'default: the flag key' })),
    stickiness: Type.Optional(Type.String({ minLength: 1, default: 'key' })),
  },
  { additionalProperties: false },
);

/** What a rule (or the fallthrough) serves: exactly one of `variant`, `rollout`, `split`. */
export const ServeSchema = Type.Object(
  {
    variant: Type.Optional(Name),
    rollout: Type.Optional(RolloutSchema),
    split: Type.Optional(SplitSchema),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    description: 'exactly one of "variant", "rollout", "split"',
  },
);

/** A rule: when every condition holds, `serve` decides. Rules are tried in order; the first match wins. */
export const RuleSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, description: 'shown in messages' })),
    conditions: Type.Array(ConditionSchema, {
      minItems: 1,
      description: 'every one must hold; use "fallthrough" for everyone else',
    }),
    serve: ServeSchema,
  },
  { additionalProperties: false },
);

/**
 * One flag. Evaluation order: `enabled: false` (kill switch) → `deny` → `allow` → `rules`
 * (first match) → `fallthrough`. Variant names in `onVariant`, `offVariant` and the serves
 * must be keys of `variants` (checked with the flag).
 */
export const FlagSchema = Type.Object(
  {
    enabled: Type.Boolean({
      description: 'kill switch: false serves offVariant to everyone (reason DISABLED)',
    }),
    description: Type.Optional(Type.String({ minLength: 1 })),
    variants: Type.Optional(
      Type.Refine(
        Type.Record(Type.String({ minLength: 1 }), Type.Unsafe<FlagValue>({}), {
          minProperties: 1,
          description:
            'a non-empty object of variant name → JSON value (default { "on": true, "off": false })',
        }),
        (variants) => Object.values(variants).every((value) => isJsonValue(value)),
        () =>
          'must map names to JSON values (string, finite number, boolean, null, array or object)',
      ),
    ),
    onVariant: Type.Optional(
      Type.String({
        minLength: 1,
        default: 'on',
        description: 'served to allowed users and by default in rollouts',
      }),
    ),
    offVariant: Type.Optional(
      Type.String({
        minLength: 1,
        default: 'off',
        description: 'served when disabled, to denied users, and when nothing matches',
      }),
    ),
    allow: Type.Optional(
      Type.Array(Name, { description: 'targeting keys that always get onVariant (test users)' }),
    ),
    deny: Type.Optional(
      Type.Array(Name, {
        description: 'targeting keys that always get offVariant; wins over allow',
      }),
    ),
    rules: Type.Optional(Type.Array(RuleSchema)),
    fallthrough: Type.Optional(
      Type.Object(ServeSchema.properties, {
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
        description:
          'exactly one of "variant", "rollout", "split": served when no allow entry or rule matched (default { "variant": offVariant } when the flag has allow or rules, else { "variant": onVariant })',
      }),
    ),
  },
  { additionalProperties: false },
);

/** Flag keys: letters, digits and `._:-`, starting with a letter or digit, at most 128 characters. */
export const FLAG_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * A flags file or table content, declared once: `@ballast/flags/flags.schema.json` is this
 * schema written out, and `readFlagsDocument` checks with it.
 */
export const FlagsDocumentSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    flags: Type.Record(Type.String({ pattern: FLAG_KEY.source }), FlagSchema, {
      description: 'flag key → definition',
    }),
  },
  {
    additionalProperties: false,
    title: 'ballast feature flags',
    description:
      'Flag definitions for @ballast/flags. Evaluation order per flag: enabled=false (kill switch) → deny → allow → rules (first match) → fallthrough.',
  },
);

/** Every condition operator a rule can use. See the package README for the semantics of each. */
export type ConditionOperator = Static<typeof ConditionSchema>['operator'];
/** One test on a context attribute. */
export type ConditionDefinition = Static<typeof ConditionSchema>;
/** A percentage rollout. */
export type RolloutDefinition = Static<typeof RolloutSchema>;
/** Weighted variants. */
export type SplitDefinition = Static<typeof SplitSchema>;
/** Exactly one of `variant`, `rollout`, `split`. */
export type ServeDefinition = Static<typeof ServeSchema>;
/** A rule. */
export type RuleDefinition = Static<typeof RuleSchema>;
/** One flag. */
export type FlagDefinition = Static<typeof FlagSchema>;
/** A flags file or table content: `{ "flags": { "<key>": FlagDefinition } }`. */
export type FlagsDocument = Static<typeof FlagsDocumentSchema>;
