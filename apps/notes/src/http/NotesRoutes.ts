import type { IncomingMessage, ServerResponse } from 'node:http';
import { NoteNotFoundError } from '../errors/notesErrors.js';
import type { NoteInput } from '../services/Note.js';
import type { NotesService } from '../services/NotesService.js';
import { noteEtag, noteJson } from './noteJson.js';
import type { ReadScope } from './ReadScope.js';
import { readJsonBody } from './readJsonBody.js';
import { readAfter, readIfMatch, readLimit, readNoteId, readSearchText } from './requestParams.js';
import { sendJson } from './sendJson.js';
import { validateNoteInput } from './validateNoteInput.js';

/** One authenticated request. */
export interface NotesRequest {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  readonly userId: string;
  readonly scope: ReadScope;
}

/** Header on answers served from the last-known-good cache while the user's store fails. */
export const DEGRADED_HEADER = 'x-notes-degraded';

const NOTE_PATH = /^\/notes\/([^/]+)$/;

/** The notes API routes: `/notes`, `/notes/search`, `/notes/:id`. */
export class NotesRoutes {
  readonly #notes: NotesService;
  readonly #maxBodyBytes: number;
  readonly #maxTextChars: number;

  constructor(
    notes: NotesService,
    limits: { readonly maxBodyBytes: number; readonly maxTextChars: number },
  ) {
    this.#notes = notes;
    this.#maxBodyBytes = limits.maxBodyBytes;
    this.#maxTextChars = limits.maxTextChars;
  }

  /** Answers one request. Errors are thrown for the server to turn into error replies. */
  async handle(call: NotesRequest): Promise<void> {
    const { pathname } = call.url;
    const method = call.request.method ?? 'GET';
    if (pathname === '/notes') {
      if (method === 'GET') return this.#list(call);
      if (method === 'POST') return this.#create(call);
      return notAllowed(call, 'GET, POST');
    }
    if (pathname === '/notes/search') {
      return method === 'GET' ? this.#search(call) : notAllowed(call, 'GET');
    }
    const match = NOTE_PATH.exec(pathname);
    if (match === null) {
      sendJson(call.response, 404, {
        error: { code: 'ROUTE_NOT_FOUND', message: `No route ${method} ${pathname}.` },
      });
      return;
    }
    const id = readNoteId(match[1]!);
    if (method === 'GET') return this.#get(call, id);
    if (method === 'PUT') return this.#update(call, id);
    if (method === 'DELETE') return this.#delete(call, id);
    return notAllowed(call, 'GET, PUT, DELETE');
  }

  async #create(call: NotesRequest): Promise<void> {
    const input = await this.#readNote(call);
    const note = await this.#notes.create(call.userId, input);
    sendJson(call.response, 201, noteJson(note), {
      etag: noteEtag(note),
      location: `/notes/${note.id}`,
    });
  }

  async #get(call: NotesRequest, id: string): Promise<void> {
    const note = await this.#notes.get(call.userId, id);
    if (note === undefined) throw new NoteNotFoundError(id);
    sendJson(call.response, 200, noteJson(note), { etag: noteEtag(note), ...degraded(call.scope) });
  }

  async #list(call: NotesRequest): Promise<void> {
    const after = readAfter(call.url.searchParams);
    const limit = readLimit(call.url.searchParams);
    const page = await this.#notes.list(call.userId, {
      ...(after === undefined ? {} : { after }),
      ...(limit === undefined ? {} : { limit }),
    });
    sendJson(
      call.response,
      200,
      { notes: page.notes.map(noteJson), next: page.next ?? null },
      degraded(call.scope),
    );
  }

  async #update(call: NotesRequest, id: string): Promise<void> {
    const expected = readIfMatch(call.request.headers['if-match'], true)!;
    const input = await this.#readNote(call);
    const note = await this.#notes.update(call.userId, id, input, expected);
    sendJson(call.response, 200, noteJson(note), { etag: noteEtag(note) });
  }

  async #delete(call: NotesRequest, id: string): Promise<void> {
    const expected = readIfMatch(call.request.headers['if-match'], false);
    if (!(await this.#notes.delete(call.userId, id, expected))) throw new NoteNotFoundError(id);
    sendJson(call.response, 204, undefined);
  }

  async #search(call: NotesRequest): Promise<void> {
    const text = readSearchText(call.url.searchParams);
    const limit = readLimit(call.url.searchParams);
    const notes = await this.#notes.search(call.userId, text, limit);
    sendJson(call.response, 200, { notes: notes.map(noteJson) });
  }

  /** The request body as a note, within the configured body and text limits. */
  async #readNote(call: NotesRequest): Promise<NoteInput> {
    const body = await readJsonBody(call.request, this.#maxBodyBytes);
    return validateNoteInput(body, this.#maxTextChars);
  }
}

function degraded(scope: ReadScope): Record<string, string> {
  return scope.stale ? { [DEGRADED_HEADER]: 'last-known-good' } : {};
}

function notAllowed(call: NotesRequest, allow: string): void {
  const message = `${call.request.method ?? ''} is not allowed on ${call.url.pathname} (allowed: ${allow}).`;
  sendJson(call.response, 405, { error: { code: 'METHOD_NOT_ALLOWED', message } }, { allow });
}
