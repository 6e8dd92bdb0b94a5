import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@ballast/core';
import type { HttpClientOptions } from './HttpClientOptions.js';
import { readClientOptions } from './readClientOptions.js';

describe('readClientOptions', () => {
  it('fills finite defaults for every IO limit', () => {
    expect(readClientOptions({})).toEqual({
      connectTimeoutMs: 5_000,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 10_000,
      connectionsPerOrigin: 16,
      keepAliveTimeoutMs: 4_000,
      maxResponseBytes: 1_048_576,
      retryAfterCapMs: 60_000,
      idempotencyKeyHeader: 'idempotency-key',
      headers: undefined,
      attemptTimeoutMs: 30_000,
    });
  });

  it('lower-cases header names and accepts attemptTimeoutMs: false', () => {
    const settings = readClientOptions({
      headers: { 'User-Agent': 'bot' },
      idempotencyKeyHeader: 'X-Key',
      attemptTimeoutMs: false,
    });
    expect(settings).toMatchObject({
      headers: { 'user-agent': 'bot' },
      idempotencyKeyHeader: 'x-key',
      attemptTimeoutMs: false,
    });
  });

  it.each<[HttpClientOptions, RegExp]>([
    [{ headersTimeoutMs: 0 }, /"headersTimeoutMs" must be an integer >= 1/],
    [{ bodyTimeoutMs: Infinity }, /"bodyTimeoutMs"/],
    [{ connectionsPerOrigin: 1.5 }, /"connectionsPerOrigin" must be an integer/],
    [{ attemptTimeoutMs: -1 }, /"attemptTimeoutMs"/],
    [
      { headers: { a: 1 } as never },
      /"headers" must be an object of header strings \("a" is not a string\)/,
    ],
    [{ timeout: 5 } as never, /unknown option "timeout"/],
    [{ runtime: {} as never }, /"runtime" must be a ballast Runtime/],
  ])('rejects %o with a ConfigError naming the option', (options, message) => {
    expect(() => readClientOptions(options)).toThrow(ConfigError);
    expect(() => readClientOptions(options)).toThrow(message);
  });
});
