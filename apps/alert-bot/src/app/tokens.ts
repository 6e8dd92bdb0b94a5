import type { HttpClient } from '@ballast/http';
import { BALLAST_RUNTIME } from '@ballast/inversify';
import type { LogWriter } from '@ballast/safe-log';
import type { ServiceIdentifier } from 'inversify';
import type { AlertBotConfig } from '../config/AlertBotConfig.js';
import type { InspectionLease } from '../inspection/InspectionLease.js';
import type { AlertBotMetrics } from '../metrics/AlertBotMetrics.js';
import type { Outbox } from '../outbox/Outbox.js';

/** Container keys of the values the alert bot's services are built from. */
export const TOKENS = {
  config: Symbol.for('alert-bot.config') as ServiceIdentifier<AlertBotConfig>,
  outbox: Symbol.for('alert-bot.outbox') as ServiceIdentifier<Outbox>,
  /** The client channels are posted with. */
  http: Symbol.for('alert-bot.http') as ServiceIdentifier<HttpClient>,
  /** The client inspection checks use (its own timeout and pool). */
  probeHttp: Symbol.for('alert-bot.probe-http') as ServiceIdentifier<HttpClient>,
  logger: Symbol.for('alert-bot.logger') as ServiceIdentifier<LogWriter>,
  metrics: Symbol.for('alert-bot.metrics') as ServiceIdentifier<AlertBotMetrics>,
  /** Who inspects: this instance alone, or the holder of the fleet's Redis lease. */
  inspectionLease: Symbol.for('alert-bot.inspection-lease') as ServiceIdentifier<InspectionLease>,
  /** The container's runtime, bound by `useBallast`. */
  runtime: BALLAST_RUNTIME,
  /** `() => number` in [0, 1): the jitter source (seeded in tests). */
  random: Symbol.for('alert-bot.random') as ServiceIdentifier<() => number>,
} as const;
