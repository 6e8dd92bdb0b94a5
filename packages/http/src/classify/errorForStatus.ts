import type { HttpErrorDetails } from '../errors/HttpError.js';
import type { HttpError } from '../errors/HttpError.js';
import { HttpGoneError, HttpPermanentError, HttpRetryableError } from '../errors/httpErrors.js';
import type { StatusClass } from './statusClass.js';

/** The coded error for a non-2xx status already classified as `kind`. */
export function errorForStatus(
  kind: Exclude<StatusClass, 'ok'>,
  details: HttpErrorDetails & { readonly status: number },
): HttpError {
  if (kind === 'retryable') return new HttpRetryableError(details);
  if (kind === 'gone') return new HttpGoneError(details);
  return new HttpPermanentError(details);
}
