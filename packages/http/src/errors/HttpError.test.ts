import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@ballast/core';
import { HttpError } from './HttpError.js';
import { HttpGoneError, HttpRetryableError, HttpTimeoutError } from './httpErrors.js';

describe('HttpError', () => {
  const gone = new HttpGoneError({ host: 'a:80', method: 'POST', status: 410 });

  it('recognises every HTTP error, and only those, through the base class', () => {
    expect(HttpError.is(gone)).toBe(true);
    expect(HttpError.is(new HttpTimeoutError('headers', 5, { host: 'a:80', method: 'GET' }))).toBe(
      true,
    );
    expect(HttpError.is(new ConfigError('not http'))).toBe(false);
    expect(HttpError.is({ code: 'BALLAST_ERR_HTTP_GONE' })).toBe(false);
  });

  it('matches the code of a subclass', () => {
    expect(HttpGoneError.is(gone)).toBe(true);
    expect(HttpRetryableError.is(gone)).toBe(false);
  });

  it('says what happened, where, and how long to wait', () => {
    const error = new HttpRetryableError({
      host: 'hooks.example:443',
      method: 'POST',
      status: 429,
      retryAfterMs: 2_000,
    });
    expect(error.message).toBe(
      'POST hooks.example:443 answered 429: retryable status; Retry-After 2000 ms.',
    );
    expect(error).toMatchObject({
      name: 'HttpRetryableError',
      code: 'BALLAST_ERR_HTTP_RETRYABLE',
      retryable: true,
    });
  });
});
