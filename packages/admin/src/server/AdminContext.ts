import type { Runtime } from '@ballast/core';
import type { BreakerRegistry, CacheRegistry } from '@ballast/resilience';
import type { Registry } from 'prom-client';
import type { RunbookEngine } from '../runbooks/RunbookEngine.js';
import type { AlertFeed } from './AdminOptions.js';
import type { FlagAdmin } from './flags/FlagAdmin.js';
import type { ReadinessReport } from './health/ReadinessCheck.js';
import type { BreakerHistory } from './stats/BreakerHistory.js';
import type { ServiceStatistics } from './stats/ServiceStatistics.js';

/** @internal what the route factories share, built once by `startAdminServer`. */
export interface AdminContext {
  readonly runtime: Runtime;
  readonly breakers: BreakerRegistry;
  readonly breakerHistory: BreakerHistory;
  readonly caches: CacheRegistry;
  readonly flags: FlagAdmin;
  readonly runbooks: RunbookEngine | undefined;
  readonly statistics: ServiceStatistics;
  readonly alerts: AlertFeed | undefined;
  readonly registry: Registry;
  readiness(): Promise<ReadinessReport>;
}
