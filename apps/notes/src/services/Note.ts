/** What a user writes: the editable fields of a note. */
export interface NoteInput {
  readonly title: string;
  readonly text: string;
  readonly tags: readonly string[];
}

/** A stored note as the service returns it. */
export interface Note extends NoteInput {
  readonly id: string;
  /** Starts at 1 and rises by one on every write; send it back in `If-Match` to update. */
  readonly version: number;
  /** Time of the last write, epoch ms. */
  readonly updatedAt: number;
}

/** One page of a user's notes in id (creation) order. */
export interface NotePage {
  readonly notes: readonly Note[];
  /** Pass as `after` to get the next page; undefined on the last page. */
  readonly next: string | undefined;
}

/** Options of `NotesService.list`. */
export interface ListNotesOptions {
  /** Only notes whose id sorts after this one. */
  readonly after?: string;
  /** @default 20 */
  readonly limit?: number;
}

/** Collection of the notes in each user's store. */
export const NOTES_COLLECTION = 'notes';
