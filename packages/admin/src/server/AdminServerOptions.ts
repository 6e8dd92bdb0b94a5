import type { Server } from 'node:http';
import type { Alert } from '@ballast/safe-log';
import type { Registry } from 'prom-client';
import type { RunbookEngine } from '../runbooks/RunbookEngine.js';
import type { PersistentFlagSource } from './flags/PersistentFlagSource.js';
import type { ReadinessCheck } from './health/ReadinessCheck.js';
import type { StoreHealthSource } from './health/storeReadiness.js';
import type { ServiceStatistics } from './stats/ServiceStatistics.js';

/** Recent alerts to show; `MemoryAlertSink` from `@ballast/safe-log` satisfies it. */
export interface AlertFeed {
  /** Oldest first. */
  readonly alerts: readonly Alert[];
}

/** Options of `startAdminServer`. */
export interface AdminServerOptions {
  /** TCP port; 0 picks a free one (see `AdminServer.port`). @default 9465 */
  readonly port?: number;
  /**
   * Address to bind. Anything but loopback (`127.0.0.1`, `::1`, `localhost`) requires `token`.
   * @default "127.0.0.1"
   */
  readonly host?: string;
  /**
   * Bearer token required on every route but `GET /health/live`; at least 16 characters. When
   * absent on loopback a random one is generated (read it from `AdminServer.token`).
   * @default a random 32-character token
   */
  readonly token?: string;
  /**
   * prom-client registry served on `/metrics`; ballast metrics are registered on it.
   * @default a new Registry with ballast and Node.js default metrics
   */
  readonly registry?: Registry;
  /** Collect prom-client's default Node.js metrics into the registry. @default true */
  readonly defaultMetrics?: boolean;
  /**
   * Where flag changes are persisted and audited (`SqliteFlagSource`). Without it, changes are
   * in memory only (an `admin` layer of the flag store) with an in-memory audit list.
   */
  readonly flagSource?: PersistentFlagSource;
  /** Runbook engine behind `/api/runbooks` and `/api/executions`; those routes 404 without it. */
  readonly runbooks?: RunbookEngine;
  /** Source of `/api/alerts/recent`, e.g. the `MemoryAlertSink` fed by an `AlertDeduper`. */
  readonly alerts?: AlertFeed;
  /** Per-user stores to report in readiness, by name (`UserStores` from `@ballast/store`). */
  readonly stores?: Readonly<Record<string, StoreHealthSource>>;
  readonly readiness?: {
    /** Extra checks, run with the built-in ones (breakers, stores, log sink, flag source). */
    readonly checks?: readonly ReadinessCheck[];
    /** Breakers whose opening makes the process not ready (others only warn). @default [] */
    readonly criticalBreakers?: readonly string[];
    /** Time a check may take before it counts as failed. @default 2000 */
    readonly timeoutMs?: number;
  };
  readonly auth?: {
    /** Failed token attempts per client address within `windowMs` before 429. @default 5 */
    readonly maxFailures?: number;
    /** Counting window, and how long a client is refused after that. @default 60000 */
    readonly windowMs?: number;
    /** Lifetime of a dashboard session cookie. @default 28800000 (8 h) */
    readonly sessionTtlMs?: number;
  };
  /** Largest accepted request body. @default 65536 */
  readonly maxBodyBytes?: number;
  /** Window of the call and error rates in `/api/stats`. @default 60 */
  readonly statsWindowSeconds?: number;
  /** Breaker transitions kept for the state history. @default 1000 */
  readonly breakerHistorySize?: number;
  /** Serve the dashboard page at `/`. @default true */
  readonly dashboard?: boolean;
}

/** A running admin server. */
export interface AdminServer {
  /** Base URL, e.g. `http://127.0.0.1:9465`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The token clients must send (the given or the generated one). */
  readonly token: string;
  /** `url` with the one-time `?token=` the browser exchanges for a session cookie. */
  readonly dashboardUrl: string;
  /** Rates per woven method; also an `ErrorRateReader` for the `errorRate.above` condition. */
  readonly statistics: ServiceStatistics;
  readonly server: Server;
  /** Stops listening, closes open connections and stops sampling. Idempotent; also on `runtime.dispose()`. */
  close(): Promise<void>;
}
