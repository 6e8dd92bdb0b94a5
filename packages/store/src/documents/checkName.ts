import { InvalidDocumentError } from '../errors/storeErrors.js';

/** Longest collection name, document id or partition entry id, in characters. */
const MAX_NAME_LENGTH = 512;

// A lone half of a surrogate pair: SQLite stores it as bytes it gives back as U+FFFD, so the id
// a list returns would not be the id written.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Throws {@link InvalidDocumentError} unless `value` can name a collection, a document or a
 * partition entry: a string of 1 to {@link MAX_NAME_LENGTH} characters of well-formed Unicode.
 * `what` starts the message (`'A document id'`).
 */
export function checkName(what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME_LENGTH) {
    throw new InvalidDocumentError(
      `${what} must be a string of 1 to ${MAX_NAME_LENGTH} characters.`,
    );
  }
  if (LONE_SURROGATE.test(value)) {
    throw new InvalidDocumentError(
      `${what} must be well-formed Unicode: no lone half of a surrogate pair.`,
    );
  }
}
