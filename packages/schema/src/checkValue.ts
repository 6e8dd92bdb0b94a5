import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import type { Parsed } from './Defaulted.js';
import { issuesOf } from './issuesOf.js';
import type { ValidationIssue } from './ValidationIssue.js';
import { validatorOf } from './validatorOf.js';

/** What {@link checkValue} found: the value with its defaults, or what is wrong with it. */
export type Checked<T extends TSchema> =
  | { readonly ok: true; readonly value: Parsed<T> }
  | { readonly ok: false; readonly issues: ValidationIssue[] };

type Node = {
  readonly properties?: Readonly<Record<string, Node>>;
  readonly patternProperties?: Readonly<Record<string, Node>>;
  readonly items?: Node;
  readonly anyOf?: readonly Node[];
};

/** An object literal's shape, from any realm (`structuredClone` under Jest makes another one's). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Copies `value` where `schema` describes objects and arrays, so defaults never land in the
 * caller's object; whatever the schema leaves opaque (an engine, an action, a registry) is
 * kept as it is.
 */
function copyAlong(schema: Node | undefined, value: unknown): unknown {
  if (schema === undefined) return value;
  if (schema.anyOf !== undefined) {
    const branch = schema.anyOf.find((node) =>
      Array.isArray(value) ? node.items !== undefined : node.properties !== undefined,
    );
    return copyAlong(branch, value);
  }
  if (Array.isArray(value))
    return schema.items === undefined ? value : value.map((item) => copyAlong(schema.items, item));
  if (
    !isPlainObject(value) ||
    (schema.properties === undefined && schema.patternProperties === undefined)
  )
    return value;
  const values =
    schema.patternProperties === undefined ? undefined : Object.values(schema.patternProperties)[0];
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      copyAlong(schema.properties?.[key] ?? values, item),
    ]),
  );
}

/**
 * Checks `input` against `schema` after filling in its defaults (on a copy: the input is not
 * modified), with the schema compiled once. The issues name each field and what is allowed,
 * never the value given.
 *
 * @example
 * ```ts
 * const checked = checkValue(AlertSchema, body);
 * if (!checked.ok) throw new MyInvalidInputError(checked.issues);
 * ```
 */
export function checkValue<T extends TSchema>(schema: T, input: unknown): Checked<T> {
  const value = Value.Default(schema, copyAlong(schema as Node, input));
  const validator = validatorOf(schema);
  if (validator.Check(value)) return { ok: true, value: value as Parsed<T> };
  return { ok: false, issues: issuesOf(validator.Errors(value), schema) };
}
