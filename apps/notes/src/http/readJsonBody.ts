import type { IncomingMessage } from 'node:http';
import { NotesBodyTooLargeError, NotesRequestError } from '../errors/notesErrors.js';

/**
 * Reads and parses a JSON request body of at most `limitBytes`. A declared `Content-Length`
 * over the limit is refused before reading; a body that grows past it while streaming stops
 * being buffered at once (no memory grows with an oversized upload).
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes)
    throw new NotesBodyTooLargeError(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new NotesBodyTooLargeError(limitBytes);
    chunks.push(chunk);
  }
  if (size === 0)
    throw new NotesRequestError('body', 'must be a JSON object (the request had no body)');
  try {
    return JSON.parse(Buffer.concat(chunks, size).toString('utf8')) as unknown;
  } catch (error) {
    throw new NotesRequestError('body', `must be valid JSON (${(error as Error).message})`);
  }
}
