import { ConfigError, OptionsReader } from '@ballast/core';
import type { TransportSettings } from '../transport/TransportSettings.js';
import type { HttpClientOptions } from './HttpClientOptions.js';

const KEYS = [
  'runtime',
  'connectTimeoutMs',
  'headersTimeoutMs',
  'bodyTimeoutMs',
  'connectionsPerOrigin',
  'keepAliveTimeoutMs',
  'maxResponseBytes',
  'retryAfterCapMs',
  'idempotencyKeyHeader',
  'headers',
  'name',
  'retry',
  'attemptTimeoutMs',
  'circuitBreaker',
  'bulkhead',
  'rateLimit',
] as const;

const MAX_TIMER_MS = 2_147_483_647;

/** Validated transport part of the options. */
export interface ClientSettings extends TransportSettings {
  readonly idempotencyKeyHeader: string;
  readonly headers: Readonly<Record<string, string>> | undefined;
}

function readAttemptTimeout(read: OptionsReader): number | false {
  if (read.raw('attemptTimeoutMs') === false) return false;
  return read.number('attemptTimeoutMs', 30_000, { integer: true, min: 1, max: MAX_TIMER_MS });
}

function readHeaders(read: OptionsReader): Readonly<Record<string, string>> | undefined {
  const raw = read.raw('headers');
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return read.fail('headers', 'an object of header strings');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string')
      return read.fail('headers', `an object of header strings ("${name}" is not a string)`);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** Validates {@link HttpClientOptions}; every problem is a `ConfigError` naming the option. */
export function readClientOptions(options: HttpClientOptions): ClientSettings {
  const read = new OptionsReader('createHttpClient', options, KEYS);
  const timeout = { integer: true, min: 1, max: MAX_TIMER_MS };
  const settings: ClientSettings = {
    connectTimeoutMs: read.number('connectTimeoutMs', 5_000, timeout),
    headersTimeoutMs: read.number('headersTimeoutMs', 10_000, timeout),
    bodyTimeoutMs: read.number('bodyTimeoutMs', 10_000, timeout),
    connectionsPerOrigin: read.number('connectionsPerOrigin', 16, {
      integer: true,
      min: 1,
      max: 10_000,
    }),
    keepAliveTimeoutMs: read.number('keepAliveTimeoutMs', 4_000, timeout),
    maxResponseBytes: read.number('maxResponseBytes', 1_048_576, { integer: true, min: 1 }),
    retryAfterCapMs: read.number('retryAfterCapMs', 60_000, {
      integer: true,
      min: 0,
      max: MAX_TIMER_MS,
    }),
    idempotencyKeyHeader: read.string('idempotencyKeyHeader', 'idempotency-key').toLowerCase(),
    headers: readHeaders(read),
    attemptTimeoutMs: readAttemptTimeout(read),
  };
  if (options?.runtime !== undefined && typeof options.runtime?.scheduler !== 'object') {
    throw new ConfigError(
      'createHttpClient: option "runtime" must be a ballast Runtime from createRuntime().',
    );
  }
  return settings;
}
