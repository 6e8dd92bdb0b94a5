import type { Server } from 'node:http';
import type { ServiceStatistics } from './stats/ServiceStatistics.js';

/** A running standalone admin server (`startAdminServer`). */
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
