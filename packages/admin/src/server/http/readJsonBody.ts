import type { IncomingMessage } from 'node:http';
import { AdminBodyTooLargeError, AdminRequestError } from '../adminErrors.js';

/**
 * Reads a JSON object body of at most `limit` bytes. An empty body reads as `{}` so actions whose
 * fields are all optional can be posted bare. Only `application/json` is accepted: a
 * cross-site form cannot send it without a CORS preflight, which this server never grants.
 *
 * @throws AdminBodyTooLargeError past `limit` (checked on `content-length` first, then while reading).
 * @throws AdminRequestError for another content type, bad JSON or a non-object.
 */
export async function readJsonBody(
  req: IncomingMessage,
  limit: number,
): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new AdminBodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new AdminBodyTooLargeError(limit);
    chunks.push(chunk);
  }
  if (size === 0) return {};
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AdminRequestError(`Send the body as application/json (got "${type}").`);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new AdminRequestError(`The body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AdminRequestError('The body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
