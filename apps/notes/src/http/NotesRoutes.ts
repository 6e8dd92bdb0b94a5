import { runInContext } from '@ballast/core';
import type { BallastServer } from '@ballast/fastify';
import { VersionConflictError } from '@ballast/store';
import type { FastifyReply } from 'fastify';
import { NoteNotFoundError, NotesPreconditionRequiredError } from '../errors/notesErrors.js';
import type { Note } from '../services/Note.js';
import type { NotesService } from '../services/NotesService.js';
import {
  IfMatchHeaders,
  ListQuery,
  noteBody,
  NoteParams,
  SearchQuery,
  versionOf,
} from './noteSchemas.js';
import { READ_SCOPE, type ReadScope } from './ReadScope.js';

/** Header on answers served from the last-known-good cache while the user's store fails. */
export const DEGRADED_HEADER = 'x-notes-degraded';

/** A note as the API shows it: `updatedAt` as an ISO 8601 string. */
function noteJson(note: Note): Record<string, unknown> {
  const { id, version, title, text, tags, updatedAt } = note;
  return { id, version, title, text, tags, updatedAt: new Date(updatedAt).toISOString() };
}

/** Runs a read with a scope that records whether last-known-good served it, and says so. */
async function read<T>(reply: FastifyReply, call: () => Promise<T>): Promise<T> {
  const scope: ReadScope = { stale: false };
  const result = await runInContext({ [READ_SCOPE]: scope }, call);
  if (scope.stale) void reply.header(DEGRADED_HEADER, 'last-known-good');
  return result;
}

/** A stale `If-Match` answers 409 with the note's current version as its ETag. */
async function write<T>(reply: FastifyReply, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (VersionConflictError.is(error))
      void reply.header('etag', `"${(error as VersionConflictError).actualVersion}"`);
    throw error;
  }
}

/**
 * The notes API: `/notes` (list, create), `/notes/search`, `/notes/:id` (get, update with
 * `If-Match`, delete). Each route's schema is its validation, its 400 and its types; the user
 * is the one the API key belongs to.
 */
export function notesRoutes(app: BallastServer, notes: NotesService, maxTextChars: number): void {
  const NoteBody = noteBody(maxTextChars);
  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/notes', { schema: { querystring: ListQuery } }, async (request, reply) => {
    const page = await read(reply, () => notes.list(request.userId, request.query));
    return { notes: page.notes.map(noteJson), next: page.next ?? null };
  });
  app.post('/notes', { schema: { body: NoteBody } }, async (request, reply) => {
    const { title, text = '', tags = [] } = request.body;
    const note = await notes.create(request.userId, { title, text, tags });
    return reply
      .code(201)
      .headers({ etag: `"${note.version}"`, location: `/notes/${note.id}` })
      .send(noteJson(note));
  });
  app.get('/notes/search', { schema: { querystring: SearchQuery } }, async (request) => {
    const { q, limit } = request.query;
    return { notes: (await notes.search(request.userId, q, limit)).map(noteJson) };
  });
  app.get('/notes/:id', { schema: { params: NoteParams } }, async (request, reply) => {
    const note = await read(reply, () => notes.get(request.userId, request.params.id));
    if (note === undefined) throw new NoteNotFoundError(request.params.id);
    return reply.header('etag', `"${note.version}"`).send(noteJson(note));
  });
  app.put(
    '/notes/:id',
    { schema: { params: NoteParams, headers: IfMatchHeaders, body: NoteBody } },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      if (ifMatch === undefined) throw new NotesPreconditionRequiredError();
      const { title, text = '', tags = [] } = request.body;
      const note = await write(reply, () =>
        notes.update(request.userId, request.params.id, { title, text, tags }, versionOf(ifMatch)),
      );
      return reply.header('etag', `"${note.version}"`).send(noteJson(note));
    },
  );
  app.delete(
    '/notes/:id',
    { schema: { params: NoteParams, headers: IfMatchHeaders } },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      const expected = ifMatch === undefined ? undefined : versionOf(ifMatch);
      const deleted = await write(reply, () =>
        notes.delete(request.userId, request.params.id, expected),
      );
      if (!deleted) throw new NoteNotFoundError(request.params.id);
      return reply.code(204).send();
    },
  );
}
