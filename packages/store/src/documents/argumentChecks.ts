import { InvalidDocumentError } from '../errors/storeErrors.js';

/**
 * How a refused argument shows in a message: a number as itself, anything else by its type (a
 * symbol cannot be put in a template, a string may be content).
 */
export function shown(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'number' ? String(value) : `a ${typeof value}`;
}

/** Throws {@link InvalidDocumentError} unless `value` is an object; `what` starts the message. */
export function checkObject(what: string, value: unknown): asserts value is object {
  if (typeof value !== 'object' || value === null)
    throw new InvalidDocumentError(`${what} must be an object (got ${shown(value)}).`);
}
