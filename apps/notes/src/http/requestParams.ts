import { NotesRequestError } from '../errors/notesErrors.js';
import { MAX_PAGE } from '../services/NotesService.js';

const NOTE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const VERSION = /^(?:W\/)?"?([0-9]{1,15})"?$/;

/** A note id from the path; 400 naming `id` when malformed. */
export function readNoteId(raw: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    id = raw;
  }
  if (!NOTE_ID.test(id)) throw new NotesRequestError('id', 'must be 1 to 64 of A-Z a-z 0-9 _ -');
  return id;
}

/**
 * The version in an `If-Match` header (`"3"`, `3` or `W/"3"`, as sent back from an `ETag`).
 * Missing: 428 when `required`, else undefined.
 */
export function readIfMatch(header: string | undefined, required: boolean): number | undefined {
  if (header === undefined) {
    if (!required) return undefined;
    throw new NotesRequestError(
      'If-Match',
      'header is required: send the ETag (version) you read, e.g. If-Match: "3"',
      428,
    );
  }
  const match = VERSION.exec(header.trim());
  if (match === null) throw new NotesRequestError('If-Match', 'must be a note version such as "3"');
  return Number(match[1]);
}

/** The `limit` query parameter: an integer from 1 to 100. */
export function readLimit(query: URLSearchParams): number | undefined {
  const raw = query.get('limit');
  if (raw === null) return undefined;
  const limit = Number(raw);
  if (!/^[0-9]+$/.test(raw) || limit < 1 || limit > MAX_PAGE) {
    throw new NotesRequestError('limit', `must be an integer from 1 to ${MAX_PAGE}`);
  }
  return limit;
}

/** The `after` cursor: a note id. */
export function readAfter(query: URLSearchParams): string | undefined {
  const after = query.get('after');
  if (after === null) return undefined;
  if (!NOTE_ID.test(after))
    throw new NotesRequestError('after', 'must be a note id (the `next` of the previous page)');
  return after;
}

/** The search text `q`: 1 to 100 characters. */
export function readSearchText(query: URLSearchParams): string {
  const q = query.get('q');
  if (q === null || q.trim().length === 0 || q.length > 100) {
    throw new NotesRequestError('q', 'is required: the text to search for, 1 to 100 characters');
  }
  return q;
}
