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

/** Copies plain objects and arrays, so defaults never land in the caller's object; instances (a registry, an engine) are kept as they are. */
function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyPlain(item)]));
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
  const value = Value.Default(schema, copyPlain(input));
  const validator = validatorOf(schema);
  if (validator.Check(value)) return { ok: true, value: value as Parsed<T> };
  return { ok: false, issues: issuesOf(validator.Errors(value), schema) };
}
