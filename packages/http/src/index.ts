export { parseRetryAfter } from './classify/parseRetryAfter.js';
export { type StatusClass, statusClass } from './classify/statusClass.js';
export { createHttpClient } from './client/createHttpClient.js';
export { HttpClient, type OriginStats } from './client/HttpClient.js';
export type { HttpClientOptions } from './client/HttpClientOptions.js';
export type { HttpRequest } from './client/HttpRequest.js';
export { HttpResponse } from './client/HttpResponse.js';
export type { ResilienceOptions } from './client/ResilienceOptions.js';
export { HttpError, type HttpErrorDetails } from './errors/HttpError.js';
export {
  HttpAbortedError,
  HttpBodyTooLargeError,
  HttpGoneError,
  HttpInvalidRequestError,
  HttpNetworkError,
  HttpPermanentError,
  HttpRetryableError,
  HttpTimeoutError,
  type HttpTimeoutPhase,
} from './errors/httpErrors.js';
