import { FlagDefinitionError } from '../errors/FlagDefinitionError.js';

/** Short description of a bad value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validation helpers bound to one flag, so every error names the flag and the field's JSON path
 * (`rules[0].conditions[1].operator`).
 */
export class FieldChecker {
  constructor(readonly flag: string | undefined) {}

  /** Throws a {@link FlagDefinitionError} for `field`. */
  fail(field: string, problem: string): never {
    throw new FlagDefinitionError(this.flag, field, problem);
  }

  /** `value` must be an object with only `allowed` keys. */
  object(field: string, value: unknown, allowed: readonly string[]): Record<string, unknown> {
    if (!isRecord(value))
      return this.fail(field, `must be an object (got ${describeValue(value)})`);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.fail(
          field === '' ? key : `${field}.${key}`,
          `is not a known field (allowed: ${allowed.join(', ')})`,
        );
      }
    }
    return value;
  }

  /** A non-empty string. */
  string(field: string, value: unknown): string {
    return typeof value === 'string' && value.length > 0
      ? value
      : this.fail(field, `must be a non-empty string (got ${describeValue(value)})`);
  }

  /** A non-empty string, or undefined when absent. */
  optionalString(field: string, value: unknown): string | undefined {
    return value === undefined ? undefined : this.string(field, value);
  }

  /** An array of non-empty strings, or undefined when absent. */
  optionalStrings(field: string, value: unknown): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value))
      return this.fail(field, `must be an array of strings (got ${describeValue(value)})`);
    return value.map((entry, index) => this.string(`${field}[${index}]`, entry));
  }

  /** An integer in `min..max`. */
  integer(field: string, value: unknown, min: number, max: number): number {
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? value
      : this.fail(field, `must be an integer from ${min} to ${max} (got ${describeValue(value)})`);
  }

  /** `name` must be one of the flag's variants. */
  variant(field: string, name: unknown, variants: Readonly<Record<string, unknown>>): string {
    const variant = this.string(field, name);
    if (!Object.hasOwn(variants, variant)) {
      this.fail(
        field,
        `names variant "${variant}", which is not in variants (${Object.keys(variants).join(', ')})`,
      );
    }
    return variant;
  }
}
