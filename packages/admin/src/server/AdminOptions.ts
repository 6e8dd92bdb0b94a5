import type { Runtime } from '@ballast/core';
import type { Alert } from '@ballast/safe-log';
import { ServerLimitsSchema } from '@ballast/fastify';
import { Defaulted } from '@ballast/schema';
import type { Registry } from 'prom-client';
import Type, { type Static } from 'typebox';
import type { RunbookEngine } from '../runbooks/RunbookEngine.js';
import type { AdminFleet } from './fleet/AdminFleet.js';
import type { PersistentFlagSource } from './flags/PersistentFlagSource.js';
import type { ReadinessCheck } from './health/ReadinessCheck.js';
import type { StoreHealthSource } from './health/storeReadiness.js';
import type { ServiceStatistics } from './stats/ServiceStatistics.js';

/** Recent alerts to show; `MemoryAlertSink` from `@ballast/safe-log` satisfies it. */
export interface AlertFeed {
  /** Oldest first. */
  readonly alerts: readonly Alert[];
}

/**
 * What the admin API serves and how it authenticates, declared once: the admin plugin and
 * `startAdminServer` read their options with this schema (types, defaults, errors).
 */
const Token = Type.String({
  minLength: 16,
  maxLength: 512,
  pattern: '^\\S+$',
  description: 'at least 16 characters without spaces',
});

export const AdminApiOptionsSchema = Type.Object(
  {
    runtime: Type.Unsafe<Runtime>({ description: 'the runtime the API reports on and controls' }),
    token: Token,
    registry: Type.Optional(
      Type.Unsafe<Registry>({ description: 'prom-client registry served on /metrics' }),
    ),
    defaultMetrics: Defaulted(Type.Boolean(), true),
    flagSource: Type.Optional(
      Type.Unsafe<PersistentFlagSource>({ description: 'where flag changes are persisted' }),
    ),
    runbooks: Type.Optional(Type.Unsafe<RunbookEngine>({ description: 'the runbook engine' })),
    alerts: Type.Optional(Type.Unsafe<AlertFeed>({ description: 'source of /api/alerts/recent' })),
    stores: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Unsafe<StoreHealthSource>({ description: 'per-user stores' }),
      ),
    ),
    readiness: Defaulted(
      Type.Object(
        {
          checks: Type.Optional(
            Type.Array(Type.Unsafe<ReadinessCheck>({ description: 'a readiness check' })),
          ),
          criticalBreakers: Defaulted(Type.Array(Type.String()), []),
          timeoutMs: Defaulted(Type.Integer({ minimum: 1, maximum: 600_000 }), 2_000),
        },
        { additionalProperties: false },
      ),
      {},
    ),
    auth: Defaulted(
      Type.Object(
        {
          maxFailures: Defaulted(Type.Integer({ minimum: 1, maximum: 10_000 }), 5),
          windowMs: Defaulted(Type.Integer({ minimum: 1, maximum: 86_400_000 }), 60_000),
          sessionTtlMs: Defaulted(
            Type.Integer({ minimum: 1_000, maximum: 604_800_000 }),
            28_800_000,
          ),
        },
        { additionalProperties: false },
      ),
      {},
    ),
    statistics: Type.Optional(
      Type.Unsafe<ServiceStatistics>({
        description: 'rates per woven method, shared with runbook conditions',
      }),
    ),
    statsWindowSeconds: Defaulted(Type.Integer({ minimum: 1, maximum: 3_600 }), 60),
    breakerHistorySize: Defaulted(Type.Integer({ minimum: 1, maximum: 100_000 }), 1_000),
    dashboard: Defaulted(Type.Boolean(), true),
    fleet: Type.Optional(
      Type.Unsafe<AdminFleet>({
        description: 'commands to every instance and the live instances (FleetControl)',
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Options of the admin API (the `adminApi` plugin and `startAdminServer`).
 *
 * - `runtime` (required): the runtime the API reports on and controls.
 * - `token` (required): Bearer token on every route but `GET /health/live`; at least 16
 *   characters without spaces.
 * - `registry`: prom-client registry served on `/metrics`. @default a new Registry
 * - `defaultMetrics`: collect prom-client's Node.js metrics into it. @default true
 * - `flagSource`: where flag changes are persisted and audited (`SqliteFlagSource`).
 *   @default in memory only
 * - `runbooks`: engine behind `/api/runbooks` and `/api/executions`. @default none (404)
 * - `alerts`: source of `/api/alerts/recent`. @default none
 * - `stores`: per-user stores reported in readiness, by name. @default none
 * - `readiness.checks` (extra checks), `readiness.criticalBreakers` (breakers whose opening
 *   makes the process not ready) @default [], `readiness.timeoutMs` @default 2000
 * - `auth.maxFailures`: wrong tokens per client within `auth.windowMs` before further wrong
 *   ones get 429 (a right token always passes) @default 5; `auth.windowMs` @default 60000;
 *   `auth.sessionTtlMs`: dashboard session lifetime @default 28800000 (8 h)
 * - `statistics`: the rates per woven method behind `/api/stats` (also an `ErrorRateReader` for
 *   runbooks); the API starts and stops it. @default one over `statsWindowSeconds`
 * - `statsWindowSeconds`: window of `/api/stats` rates when `statistics` is not given. @default 60
 * - `breakerHistorySize`: breaker transitions kept. @default 1000
 * - `dashboard`: serve the dashboard page at `/`. @default true
 * - `fleet`: an {@link AdminFleet} (`FleetControl` from `@ballast/redis`): breaker operations
 *   and flag switches then reach every instance, and `/api/fleet` and the dashboard list the
 *   live instances. @default this instance only
 */
export type AdminApiOptions = Static<typeof AdminApiOptionsSchema>;

/** Options of `startAdminServer`: the API's, where to listen, and the server limits. */
const { runtime: _runtime, token: _token, ...apiOptions } = AdminApiOptionsSchema.properties;

export const AdminServerOptionsSchema = Type.Object(
  {
    ...apiOptions,
    token: Type.Optional(Token),
    port: Defaulted(Type.Integer({ minimum: 0, maximum: 65_535 }), 9465),
    host: Defaulted(Type.String({ minLength: 1 }), '127.0.0.1'),
    ...ServerLimitsSchema.properties,
  },
  { additionalProperties: false },
);

/**
 * Options of `startAdminServer`: every {@link AdminApiOptions} option but `runtime`, with
 * `token` optional (on loopback a random 32-character one is generated), plus `port` (0 picks
 * a free one) @default 9465, `host` (anything but loopback requires `token`) @default
 * "127.0.0.1", and the server limits of `@ballast/fastify`'s `createServer` (`trustProxy`,
 * timeouts, connection caps, `bodyLimit`; see docs/operations.md).
 */
export type AdminServerOptions = Static<typeof AdminServerOptionsSchema>;
