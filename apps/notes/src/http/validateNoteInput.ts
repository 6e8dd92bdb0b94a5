import { NotesRequestError } from '../errors/notesErrors.js';
import type { NoteInput } from '../services/Note.js';

/** Limits of a note's fields other than the configurable text length. */
export const NoteLimits = Object.freeze({ titleChars: 200, tags: 20, tagChars: 40 });

const FIELDS = new Set(['title', 'text', 'tags']);

/**
 * Checks a parsed request body as a note: an object with `title` (1–200 characters), optional
 * `text` (up to `maxTextChars`) and optional `tags` (up to 20 strings of 1–40 characters).
 * Throws {@link NotesRequestError} naming the first field at fault.
 */
export function validateNoteInput(value: unknown, maxTextChars: number): NoteInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NotesRequestError(
      'body',
      'must be a JSON object like {"title": "…", "text": "…", "tags": ["…"]}',
    );
  }
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!FIELDS.has(key))
      throw new NotesRequestError(key, 'is not a note field (allowed: title, text, tags)');
  }
  const { title, text = '', tags = [] } = input;
  if (
    typeof title !== 'string' ||
    title.trim().length === 0 ||
    title.length > NoteLimits.titleChars
  ) {
    throw new NotesRequestError(
      'title',
      `is required: a non-blank string of at most ${NoteLimits.titleChars} characters`,
    );
  }
  if (typeof text !== 'string' || text.length > maxTextChars) {
    throw new NotesRequestError('text', `must be a string of at most ${maxTextChars} characters`);
  }
  if (!Array.isArray(tags) || tags.length > NoteLimits.tags) {
    throw new NotesRequestError('tags', `must be an array of at most ${NoteLimits.tags} strings`);
  }
  tags.forEach((tag: unknown, index) => {
    if (typeof tag !== 'string' || tag.length === 0 || tag.length > NoteLimits.tagChars) {
      throw new NotesRequestError(
        `tags[${index}]`,
        `must be a string of 1 to ${NoteLimits.tagChars} characters`,
      );
    }
  });
  return { title, text, tags: tags as string[] };
}
