import { AdminRequestError } from '../adminErrors.js';

/**
 * Typed reads of a JSON body's fields; a missing or mistyped field is an
 * {@link AdminRequestError} (400) naming it and saying what is allowed.
 */
export class BodyReader {
  constructor(readonly body: Readonly<Record<string, unknown>>) {}

  /** A required non-empty string. */
  requireString(field: string): string {
    const value = this.body[field];
    if (typeof value !== 'string' || value.length === 0) this.fail(field, 'a non-empty string');
    return value;
  }

  /** An optional non-empty string; `fallback` when absent. */
  string<T extends string | undefined>(field: string, fallback: T): string | T {
    if (this.body[field] === undefined) return fallback;
    return this.requireString(field);
  }

  /** A required boolean. */
  requireBoolean(field: string): boolean {
    const value = this.body[field];
    if (typeof value !== 'boolean') this.fail(field, 'true or false');
    return value;
  }

  /** An optional non-negative integer. */
  integer(field: string): number | undefined {
    const value = this.body[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      this.fail(field, 'a non-negative integer');
    }
    return value;
  }

  /** An optional JSON object (not an array, not null). */
  object(field: string): Record<string, unknown> | undefined {
    const value = this.body[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(field, 'a JSON object');
    }
    return value as Record<string, unknown>;
  }

  /** Refuses fields other than `allowed`, so a typo is reported instead of ignored. */
  only(allowed: readonly string[]): this {
    for (const field of Object.keys(this.body)) {
      if (!allowed.includes(field)) {
        this.fail(field, `not a known field (allowed: ${allowed.join(', ') || 'none'})`, 'is');
      }
    }
    return this;
  }

  /** Throws the 400 for `field`. */
  fail(field: string, expected: string, verb = 'must be'): never {
    throw new AdminRequestError(`Field "${field}" ${verb} ${expected}.`, field);
  }
}
