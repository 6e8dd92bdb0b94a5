import { BallastError } from '@ballast/core';

/**
 * A request was refused for its shape: bad JSON, a missing or wrong field, a bad query
 * parameter or header. `field` names what to fix; the HTTP layer answers with `status`.
 *
 * @example
 * ```ts
 * throw new NotesRequestError('title', 'must be a string of 1 to 200 characters');
 * ```
 */
export class NotesRequestError extends BallastError {
  override readonly name = 'NotesRequestError';
  static override readonly code = 'BALLAST_ERR_NOTES_REQUEST';
  constructor(
    /** The field, query parameter or header at fault (`body` for the document as a whole). */
    readonly field: string,
    problem: string,
    /** 400, or 428 for a missing precondition header. */
    readonly status: 400 | 428 = 400,
  ) {
    super(NotesRequestError.code, `${field} ${problem}.`, { captureStack: false });
  }
}

/** A request body went over the size limit; `limitBytes` is that limit. Answered with 413. */
export class NotesBodyTooLargeError extends BallastError {
  override readonly name = 'NotesBodyTooLargeError';
  static override readonly code = 'BALLAST_ERR_NOTES_BODY_TOO_LARGE';
  constructor(readonly limitBytes: number) {
    super(
      NotesBodyTooLargeError.code,
      `Request body is larger than the limit of ${limitBytes} bytes (maxBodyBytes).`,
      { captureStack: false },
    );
  }
}

/** No API key, or one that matches no user. Answered with 401; the message never says which. */
export class NotesAuthError extends BallastError {
  override readonly name = 'NotesAuthError';
  static override readonly code = 'BALLAST_ERR_NOTES_AUTH';
  constructor() {
    super(
      NotesAuthError.code,
      'A valid API key is required: send "Authorization: Bearer <key>" (create one with `notes add-user <id>`).',
      { captureStack: false },
    );
  }
}

/** The user has no live note with this id. Answered with 404. */
export class NoteNotFoundError extends BallastError {
  override readonly name = 'NoteNotFoundError';
  static override readonly code = 'BALLAST_ERR_NOTES_NOT_FOUND';
  constructor(readonly noteId: string) {
    super(NoteNotFoundError.code, `Note ${noteId} does not exist.`, { captureStack: false });
  }
}
