import { inject, injectable } from 'inversify';
import { FeatureFlag } from '@ballast/flags';
import { CircuitBreaker, Fallback, Retry, Timeout } from '@ballast/resilience';
import { SafeLog } from '@ballast/safe-log';
import { type StoredDocument, type UserStores, VersionConflictError } from '@ballast/store';
import { SEARCH_FLAG } from '../config/defaultFlags.js';
import { NotesPolicy } from '../config/notesPolicies.js';
import { NoteNotFoundError, NotesSearchOffError } from '../errors/notesErrors.js';
import {
  type ListNotesOptions,
  type Note,
  NOTES_COLLECTION,
  type NoteInput,
  type NotePage,
} from './Note.js';
import { noteId } from './noteId.js';
import { NOTES_STORES } from './tokens.js';

/** Longest page of `list` and `search`. */
export const MAX_PAGE = 100;
const DEFAULT_PAGE = 20;

function toNote(doc: StoredDocument<NoteInput>): Note {
  const body = doc.body;
  return {
    id: doc.id,
    version: doc.version,
    title: body.title,
    text: body.text,
    tags: body.tags,
    updatedAt: doc.updatedAt,
  };
}

/** The store reports a conditional write to a note that does not exist as a conflict at version 0. */
function isMissingNote(error: unknown): boolean {
  return VersionConflictError.is(error) && error.actualVersion === 0;
}

/**
 * Per-user notes on `@ballast/store`, one SQLite database per user. Every method takes the user
 * id first: it keys the circuit breakers (one sick database trips only its user), the
 * last-known-good cache and the search flag. Aspects come from the container's runtime
 * (`useBallast`), tuned by the named policies of {@link notesPolicies}:
 * busy databases are retried, each attempt is time-limited, reads fall back to the last good
 * result while a store fails, and search is behind the `notes.search` gray release.
 *
 * @example
 * ```ts
 * const notes = container.get(NotesService);
 * const note = await notes.create('alice', { title: 'Hi', text: '', tags: [] });
 * await notes.update('alice', note.id, { ...note, title: 'Hello' }, note.version);
 * ```
 */
@injectable()
export class NotesService {
  readonly #stores: UserStores;

  constructor(@inject(NOTES_STORES) stores: UserStores) {
    this.#stores = stores;
  }

  /** Creates a note with a fresh id. */
  @SafeLog(NotesPolicy.calls)
  @Retry(NotesPolicy.busyRetry)
  @CircuitBreaker(NotesPolicy.writeBreaker)
  @Timeout(NotesPolicy.timeout)
  async create(userId: string, input: NoteInput): Promise<Note> {
    const body = { title: input.title, text: input.text, tags: input.tags };
    const written = this.#stores
      .user(userId)
      .put(NOTES_COLLECTION, noteId(Date.now()), body, { expectedVersion: 0 });
    return { id: written.id, version: written.version, ...body, updatedAt: written.updatedAt };
  }

  /** A note, or undefined when the user has none with this id. */
  @SafeLog(NotesPolicy.calls)
  @Fallback(NotesPolicy.lastKnownGood)
  @Retry(NotesPolicy.busyRetry)
  @CircuitBreaker(NotesPolicy.readBreaker)
  @Timeout(NotesPolicy.timeout)
  async get(userId: string, id: string): Promise<Note | undefined> {
    const doc = this.#stores.user(userId).get<NoteInput>(NOTES_COLLECTION, id);
    return doc === undefined ? undefined : toNote(doc);
  }

  /** A page of the user's notes, oldest first. */
  @SafeLog(NotesPolicy.calls)
  @Fallback(NotesPolicy.lastKnownGood)
  @Retry(NotesPolicy.busyRetry)
  @CircuitBreaker(NotesPolicy.readBreaker)
  @Timeout(NotesPolicy.timeout)
  async list(userId: string, options: ListNotesOptions = {}): Promise<NotePage> {
    const limit = options.limit ?? DEFAULT_PAGE;
    const docs = this.#stores.user(userId).list<NoteInput>(NOTES_COLLECTION, {
      limit,
      ...(options.after === undefined ? {} : { after: options.after }),
    });
    return { notes: docs.map(toNote), next: docs.length === limit ? docs.at(-1)?.id : undefined };
  }

  /**
   * Replaces a note's fields if it is still at `expectedVersion`. Throws `VersionConflictError`
   * when someone wrote it since, {@link NoteNotFoundError} when it does not exist.
   */
  @SafeLog(NotesPolicy.calls)
  @Retry(NotesPolicy.busyRetry)
  @CircuitBreaker(NotesPolicy.writeBreaker)
  @Timeout(NotesPolicy.timeout)
  async update(
    userId: string,
    id: string,
    input: NoteInput,
    expectedVersion: number,
  ): Promise<Note> {
    const body = { title: input.title, text: input.text, tags: input.tags };
    try {
      const written = this.#stores
        .user(userId)
        .put(NOTES_COLLECTION, id, body, { expectedVersion });
      return { id, version: written.version, ...body, updatedAt: written.updatedAt };
    } catch (error) {
      throw isMissingNote(error) ? new NoteNotFoundError(id) : error;
    }
  }

  /**
   * Deletes a note (if at `expectedVersion` when given); false when there was none. Throws
   * `VersionConflictError` when the note moved on.
   */
  @SafeLog(NotesPolicy.calls)
  @Retry(NotesPolicy.busyRetry)
  @CircuitBreaker(NotesPolicy.writeBreaker)
  @Timeout(NotesPolicy.timeout)
  async delete(userId: string, id: string, expectedVersion?: number): Promise<boolean> {
    const options = expectedVersion === undefined ? undefined : { expectedVersion };
    try {
      return this.#stores.user(userId).delete(NOTES_COLLECTION, id, options) !== undefined;
    } catch (error) {
      if (isMissingNote(error)) return false;
      throw error;
    }
  }

  /**
   * Notes whose title or text contains `text` (SQL `LIKE`, so `%` and `_` are wildcards),
   * in id order. Behind the `notes.search` flag: when it is off for the user this rejects with
   * {@link NotesSearchOffError} and no store is touched.
   */
  @FeatureFlag(SEARCH_FLAG, { whenOff: { method: 'searchOff' }, key: (userId: string) => userId })
  @SafeLog(NotesPolicy.calls)
  @Retry(NotesPolicy.busyRetry)
  @CircuitBreaker(NotesPolicy.readBreaker)
  @Timeout(NotesPolicy.timeout)
  async search(userId: string, text: string, limit = DEFAULT_PAGE): Promise<Note[]> {
    const store = this.#stores.user(userId);
    const pattern = `%${text}%`;
    const byId = new Map<string, Note>();
    for (const path of ['$.title', '$.text']) {
      for (const doc of store.query<NoteInput>(NOTES_COLLECTION, {
        path,
        op: 'like',
        value: pattern,
        limit,
      })) {
        byId.set(doc.id, toNote(doc));
      }
    }
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit);
  }

  /** What `search` does while its flag is off for the user. */
  async searchOff(): Promise<Note[]> {
    throw new NotesSearchOffError();
  }
}
