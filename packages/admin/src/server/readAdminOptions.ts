import { randomBytes } from 'node:crypto';
import { OptionsReader } from '@ballast/core';
import { AdminBindError } from './adminErrors.js';
import type { AdminServerOptions } from './AdminServerOptions.js';
import { isLoopbackHost } from './isLoopbackHost.js';

const KEYS = [
  'port',
  'host',
  'token',
  'registry',
  'defaultMetrics',
  'flagSource',
  'runbooks',
  'alerts',
  'stores',
  'readiness',
  'auth',
  'maxBodyBytes',
  'statsWindowSeconds',
  'breakerHistorySize',
  'dashboard',
];

/** @internal validated options of `startAdminServer`. */
export interface ResolvedAdminOptions {
  readonly port: number;
  readonly host: string;
  readonly token: string;
  readonly maxBodyBytes: number;
  readonly statsWindowSeconds: number;
  readonly breakerHistorySize: number;
  readonly readinessTimeoutMs: number;
  readonly maxFailures: number;
  readonly failureWindowMs: number;
  readonly sessionTtlMs: number;
}

/**
 * Checks the options: unknown keys and bad numbers are `ConfigError`s naming the option; a
 * non-loopback host without a token is an {@link AdminBindError}.
 */
export function readAdminOptions(options: AdminServerOptions): ResolvedAdminOptions {
  const read = new OptionsReader('startAdminServer', options, KEYS);
  const host = read.string('host', '127.0.0.1');
  const given = options.token;
  if (given !== undefined && (typeof given !== 'string' || given.length < 16 || /\s/.test(given))) {
    read.fail('token', 'a string of at least 16 characters without spaces');
  }
  if (given === undefined && !isLoopbackHost(host)) throw new AdminBindError(host);
  const readiness = new OptionsReader('startAdminServer.readiness', options.readiness ?? {}, [
    'checks',
    'criticalBreakers',
    'timeoutMs',
  ]);
  const auth = new OptionsReader('startAdminServer.auth', options.auth ?? {}, [
    'maxFailures',
    'windowMs',
    'sessionTtlMs',
  ]);
  return {
    port: read.number('port', 9465, { integer: true, min: 0, max: 65_535 }),
    host,
    token: given ?? randomBytes(24).toString('base64url'),
    maxBodyBytes: read.number('maxBodyBytes', 65_536, { integer: true, min: 1 }),
    statsWindowSeconds: read.number('statsWindowSeconds', 60, { min: 1, max: 3600 }),
    breakerHistorySize: read.number('breakerHistorySize', 1000, {
      integer: true,
      min: 1,
      max: 100_000,
    }),
    readinessTimeoutMs: readiness.number('timeoutMs', 2000, { min: 1 }),
    maxFailures: auth.number('maxFailures', 5, { integer: true, min: 1 }),
    failureWindowMs: auth.number('windowMs', 60_000, { min: 1 }),
    sessionTtlMs: auth.number('sessionTtlMs', 8 * 3_600_000, { min: 1000 }),
  };
}
