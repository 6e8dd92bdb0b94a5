import type { Note } from '../services/Note.js';

/** A note as the API shows it: `updatedAt` as an ISO 8601 string. */
export function noteJson(note: Note): Record<string, unknown> {
  return {
    id: note.id,
    version: note.version,
    title: note.title,
    text: note.text,
    tags: note.tags,
    updatedAt: new Date(note.updatedAt).toISOString(),
  };
}

/** The `ETag` of a note: its version, quoted. */
export function noteEtag(note: Note): string {
  return `"${note.version}"`;
}
