import type { IncomingMessage } from 'node:http';
import { InvalidAlertError } from '../errors/alertBotErrors.js';

/** The request body exceeded the configured limit (answered 413). */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body over ${limitBytes} bytes`);
  }
}

/** Reads a request body of at most `limitBytes` as raw text; stops buffering past the limit. */
export async function readBody(request: IncomingMessage, limitBytes: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** Parses a JSON body; bad JSON is an {@link InvalidAlertError} on the field `body`. */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0)
    throw new InvalidAlertError('body', 'must be a JSON object (the request had no body)');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidAlertError('body', `must be valid JSON (${(error as Error).message})`);
  }
}
