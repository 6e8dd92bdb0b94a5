import { BallastError } from '@ballast/core';

/** No API key, or one that matches no user. → 401; the message never says which. */
export class NotesUnauthorizedError extends BallastError {
  override readonly name = 'NotesUnauthorizedError';
  static override readonly code = 'NOTES_UNAUTHORIZED';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 401;
  constructor() {
    super(
      NotesUnauthorizedError.code,
      'A valid API key is required: send "Authorization: Bearer <key>" (create one with `notes add-user <id>`).',
      { captureStack: false },
    );
  }
}

/** The user has no live note with this id. → 404 */
export class NoteNotFoundError extends BallastError {
  override readonly name = 'NoteNotFoundError';
  static override readonly code = 'NOTES_NOT_FOUND';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 404;
  constructor(readonly noteId: string) {
    super(NoteNotFoundError.code, `Note ${noteId} does not exist.`, { captureStack: false });
  }
}

/** A change without `If-Match`: the service will not overwrite a note blind. → 428 */
export class NotesPreconditionRequiredError extends BallastError {
  override readonly name = 'NotesPreconditionRequiredError';
  static override readonly code = 'NOTES_PRECONDITION_REQUIRED';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 428;
  constructor() {
    super(
      NotesPreconditionRequiredError.code,
      'Send the version you read as If-Match (the ETag of the note, e.g. If-Match: "3").',
      { captureStack: false },
    );
  }
}

/** Search is in gray release and not on for this user yet (the `notes.search` flag). → 404 */
export class NotesSearchOffError extends BallastError {
  override readonly name = 'NotesSearchOffError';
  static override readonly code = 'NOTES_SEARCH_OFF';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 404;
  constructor() {
    super(NotesSearchOffError.code, 'Search is not enabled for this user yet (gray release).', {
      captureStack: false,
    });
  }
}
