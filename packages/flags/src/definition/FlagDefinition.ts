/** A JSON value a flag variant can carry. */
export type FlagValue =
  boolean | string | number | null | readonly FlagValue[] | { readonly [key: string]: FlagValue };

/** Every condition operator a rule can use. See the package README for the semantics of each. */
export type ConditionOperator =
  | 'in'
  | 'notIn'
  | 'eq'
  | 'startsWith'
  | 'endsWith'
  | 'contains'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'semverEq'
  | 'semverGt'
  | 'semverGte'
  | 'semverLt'
  | 'semverLte'
  | 'before'
  | 'after'
  | 'regex';

/**
 * One test on a context attribute. `attribute: "key"` tests the targeting key. List operators
 * (`in`, `notIn`, `startsWith`, `endsWith`, `contains`) take `values` and match when any value
 * matches; the others take one `value`.
 */
export interface ConditionDefinition {
  readonly attribute: string;
  readonly operator: ConditionOperator;
  readonly value?: string | number | boolean;
  readonly values?: readonly (string | number | boolean)[];
  /** String operators compare without case. @default false */
  readonly caseInsensitive?: boolean;
}

/** Percentage rollout: keys whose Unleash bucket is ≤ `percentage` get `variant`, the rest `otherwise`. */
export interface RolloutDefinition {
  /** Integer 0..100. */
  readonly percentage: number;
  /** Variant served inside the rollout. @default the flag's onVariant */
  readonly variant?: string;
  /** Variant served outside it. @default the flag's offVariant */
  readonly otherwise?: string;
  /** Unleash groupId; flags sharing it roll out to the same users. @default the flag key */
  readonly groupId?: string;
  /** Attribute bucketed on. @default "key" (the targeting key) */
  readonly stickiness?: string;
}

/** Weighted variants, picked like Unleash variants (seed 86028157, normalizer = total weight). */
export interface SplitDefinition {
  readonly variants: readonly { readonly variant: string; readonly weight: number }[];
  /** @default the flag key */
  readonly groupId?: string;
  /** @default "key" */
  readonly stickiness?: string;
}

/** What a rule (or the fallthrough) serves: exactly one of `variant`, `rollout`, `split`. */
export interface ServeDefinition {
  readonly variant?: string;
  readonly rollout?: RolloutDefinition;
  readonly split?: SplitDefinition;
}

/** A rule: when every condition holds, `serve` decides. Rules are tried in order; the first match wins. */
export interface RuleDefinition {
  /** Shown in messages and the README; optional. */
  readonly name?: string;
  readonly conditions: readonly ConditionDefinition[];
  readonly serve: ServeDefinition;
}

/**
 * One flag. Evaluation order: `enabled: false` (kill switch) → `deny` → `allow` → `rules` →
 * `fallthrough`.
 */
export interface FlagDefinition {
  /** Kill switch: false serves offVariant to everyone, whatever the rules say. */
  readonly enabled: boolean;
  readonly description?: string;
  /** Variant name → value. @default { on: true, off: false } */
  readonly variants?: Readonly<Record<string, FlagValue>>;
  /** Served to allowed users and by default in rollouts. @default "on" */
  readonly onVariant?: string;
  /** Served when disabled, to denied users, and when nothing matches. @default "off" */
  readonly offVariant?: string;
  /** Targeting keys that always get onVariant (test users). */
  readonly allow?: readonly string[];
  /** Targeting keys that always get offVariant; wins over `allow`. */
  readonly deny?: readonly string[];
  readonly rules?: readonly RuleDefinition[];
  /**
   * Served when no allow entry or rule matched. @default `{ variant: offVariant }` when the flag
   * has `allow` or `rules` (a targeted release reaches only its targets), else
   * `{ variant: onVariant }` (a plain on/off switch).
   */
  readonly fallthrough?: ServeDefinition;
}

/** A flags file or table content: `{ "flags": { "<key>": FlagDefinition } }`. */
export interface FlagsDocument {
  readonly $schema?: string;
  readonly flags: Readonly<Record<string, FlagDefinition>>;
}
