import Type from 'typebox';
import { MAX_PAGE } from '../services/NotesService.js';

const NOTE_ID = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,64}$',
  description: '1 to 64 of A-Z a-z 0-9 _ -',
});

/** A note as written: `title` (1–200 characters, not blank), `text`, `tags` (up to 20). */
export function noteBody(maxTextChars: number) {
  return Type.Object(
    {
      title: Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '\\S',
        description: '1 to 200 characters, not all blank',
      }),
      text: Type.Optional(Type.String({ maxLength: maxTextChars })),
      tags: Type.Optional(
        Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 }),
      ),
    },
    { additionalProperties: false },
  );
}

/** `/notes/:id`. */
export const NoteParams = Type.Object({ id: NOTE_ID });

/** `GET /notes`: a page after the `next` of the previous one. */
export const ListQuery = Type.Object(
  {
    after: Type.Optional(NOTE_ID),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
  },
  { additionalProperties: false },
);

/** `GET /notes/search`. */
export const SearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '\\S',
      description: 'the text to search for, 1 to 100 characters',
    }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
  },
  { additionalProperties: false },
);

/** The version a change is based on, as sent back from an `ETag`: `"3"`, `3` or `W/"3"`. */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      pattern: '^\\s*(?:W/)?"?[0-9]{1,15}"?\\s*$',
      description: 'a note version such as "3"',
    }),
  ),
});

/** The version in a checked `If-Match` header. */
export function versionOf(header: string): number {
  return Number(/[0-9]+/.exec(header)![0]);
}
