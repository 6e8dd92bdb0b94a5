import type { FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../errors.js';

const MILLISECONDS = /^\d{1,10}$/;

/**
 * The request's time budget in ms: the header's value (whole milliseconds) capped at `maxMs`,
 * or `maxMs` without the header.
 *
 * @throws InvalidRequestError for a header that is not a whole number of milliseconds.
 */
export function budgetOf(request: FastifyRequest, header: string, maxMs: number): number {
  const value = request.headers[header];
  if (value === undefined) return maxMs;
  if (typeof value !== 'string' || !MILLISECONDS.test(value)) {
    throw new InvalidRequestError(`Header ${header} must be a whole number of milliseconds.`, [
      { field: `headers.${header}`, detail: 'must be a whole number of milliseconds' },
    ]);
  }
  return Math.min(Number(value), maxMs);
}
