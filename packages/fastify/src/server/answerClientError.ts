import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { InvalidRequestError, RequestTimeoutError, RequestTooLargeError } from '../errors.js';
import { PROBLEM_MEDIA_TYPE } from '../problem/Problem.js';
import { problemOf } from '../problem/problemOf.js';

/**
 * Answers a connection that never made a whole request (too slow, headers too large, not
 * HTTP) with the same problem+json as every other error, then closes it.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const coded =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new RequestTimeoutError()
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? new RequestTooLargeError('The request headers are larger than this server accepts.')
        : new InvalidRequestError('The request is not valid HTTP.');
  const { status, problem } = problemOf(coded, randomUUID(), 1);
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${problem.title}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: ${PROBLEM_MEDIA_TYPE}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
