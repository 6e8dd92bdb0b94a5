import 'reflect-metadata';
import { type Clock, createRuntime } from '@ballast/core';
import { createHttpClient, type HttpClient } from '@ballast/http';
import { useBallast } from '@ballast/inversify';
import { registerBallastMetrics } from '@ballast/metrics';
import { connectRedis } from '@ballast/redis';
import { AlertDeduper, createSafeLogger, setSafeLogLogger } from '@ballast/safe-log';
import { Container, type Newable } from 'inversify';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AlertBotConfig } from '../config/AlertBotConfig.js';
import { loadAlertBotConfig } from '../config/loadAlertBotConfig.js';
import { readAlertBotConfig } from '../config/readAlertBotConfig.js';
import { ChannelSenders } from '../delivery/ChannelSenders.js';
import { ChannelStates } from '../delivery/ChannelStates.js';
import { DeliveryWorker } from '../delivery/DeliveryWorker.js';
import { AlertHttpServer } from '../intake/AlertHttpServer.js';
import { AlertIntake } from '../intake/AlertIntake.js';
import { LoopbackReceiver } from '../intake/LoopbackReceiver.js';
import { OutboxAlertSink } from '../intake/OutboxAlertSink.js';
import { GroupFlusher } from '../grouping/GroupFlusher.js';
import { InspectionBot } from '../inspection/InspectionBot.js';
import { type InspectionLease, soloInspection } from '../inspection/InspectionLease.js';
import { RedisInspectionLease } from '../inspection/RedisInspectionLease.js';
import { AlertBotMetrics } from '../metrics/AlertBotMetrics.js';
import { Outbox } from '../outbox/Outbox.js';
import { AlertBot } from './AlertBot.js';
import { TOKENS } from './tokens.js';

/** Options of {@link createAlertBot}. */
export interface AlertBotOptions {
  /** Configuration object (validated); ignored when `configFile` is given. @default the local defaults */
  readonly config?: unknown;
  /** JSON configuration file. */
  readonly configFile?: string;
  /** Time source of the runtime (a `ManualClock` in tests). @default the system clock */
  readonly clock?: Clock;
  /** Random source in [0, 1) for retry jitter. @default Math.random */
  readonly random?: () => number;
}

/** Path of the outbox database of a configuration. */
export function outboxFile(config: AlertBotConfig): string {
  return join(resolve(config.dataDir), 'outbox.db');
}

function httpClients(
  config: AlertBotConfig,
  runtime: ReturnType<typeof createRuntime>,
): [HttpClient, HttpClient] {
  const { attemptTimeoutMs, concurrency } = config.delivery;
  // Retries, breakers and rate limits are per channel and driven by the outbox, not per host.
  // Headers and body may take the whole attempt: the client's 10 s defaults would otherwise cut
  // a longer configured attempt short (the client caps them at the attempt itself anyway). Each
  // channel has `concurrency` attempts in flight at most, and channels may share an origin.
  const delivery = createHttpClient({
    runtime,
    name: 'alert-bot.delivery',
    retry: false,
    circuitBreaker: false,
    rateLimit: false,
    attemptTimeoutMs,
    connectTimeoutMs: Math.min(5_000, attemptTimeoutMs),
    headersTimeoutMs: attemptTimeoutMs,
    bodyTimeoutMs: attemptTimeoutMs,
    connectionsPerOrigin: concurrency * Math.max(1, config.channels.length),
  });
  const probeTimeout = config.inspection.attemptTimeoutMs;
  const probes = createHttpClient({
    runtime,
    name: 'alert-bot.inspection',
    retry: false,
    circuitBreaker: false,
    attemptTimeoutMs: probeTimeout,
    connectTimeoutMs: Math.min(5_000, probeTimeout),
    headersTimeoutMs: probeTimeout,
    bodyTimeoutMs: probeTimeout,
    connectionsPerOrigin: 4,
  });
  return [delivery, probes];
}

/** Who inspects: alone, or (with `redis`) the holder of the fleet's lease, for two intervals at a time. */
function inspectionLease(
  config: AlertBotConfig,
  runtime: ReturnType<typeof createRuntime>,
): InspectionLease {
  if (config.redis === undefined) return soloInspection;
  const { url, keyPrefix } = config.redis;
  const redis = connectRedis({ url, keyPrefix, runtime, name: 'alert-bot.redis' });
  const ttlMs = Math.min(86_400_000, Math.max(1_000, 2 * config.inspection.intervalMs));
  return new RedisInspectionLease(redis, ttlMs);
}

/**
 * Builds and starts the alert bot: opens the outbox, creates the runtime and an inversify
 * container woven by `useBallast`, binds the services, starts the HTTP intake, the delivery
 * worker (which resumes whatever the outbox holds) and the inspection bot.
 *
 * @example
 * ```ts
 * const bot = await createAlertBot({ configFile: 'alert-bot.json' });
 * bot.send({ title: 'disk almost full', severity: 'warning' });
 * await bot.stop(); // drains deliveries in flight
 * ```
 */
export async function createAlertBot(options: AlertBotOptions = {}): Promise<AlertBot> {
  const config =
    options.configFile !== undefined
      ? loadAlertBotConfig(options.configFile)
      : readAlertBotConfig(options.config ?? {});
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const outbox = Outbox.open(outboxFile(config));
  const runtime = createRuntime(options.clock === undefined ? {} : { clock: options.clock });
  const metrics = new AlertBotMetrics(() => outbox.status(runtime.clock.now()));
  registerBallastMetrics(runtime, { registry: metrics.registry });
  // The logger exists before the services; its alerts reach the intake once it is built.
  const built: { intake?: AlertIntake } = {};
  const sink = new OutboxAlertSink(() => {
    const intake = built.intake;
    return intake === undefined ? undefined : (input, source) => intake.accept(input, source);
  });
  const logger = createSafeLogger({
    name: 'alert-bot',
    file: join(dataDir, config.logging.file),
    level: config.logging.level,
    runtime,
    ...(config.logging.errorAlerts ? { alerts: new AlertDeduper({ sink, runtime }) } : {}),
  });
  setSafeLogLogger(runtime, logger);
  const clients = httpClients(config, runtime);

  const container = new Container();
  useBallast(container, { runtime });
  container.bind(TOKENS.config).toConstantValue(config);
  container.bind(TOKENS.outbox).toConstantValue(outbox);
  container.bind(TOKENS.http).toConstantValue(clients[0]);
  container.bind(TOKENS.probeHttp).toConstantValue(clients[1]);
  container.bind(TOKENS.logger).toConstantValue(logger);
  container.bind(TOKENS.random).toConstantValue(options.random ?? Math.random);
  container.bind(TOKENS.metrics).toConstantValue(metrics);
  container.bind(TOKENS.inspectionLease).toConstantValue(inspectionLease(config, runtime));
  const services: Newable<object>[] = [
    ChannelStates,
    ChannelSenders,
    GroupFlusher,
    DeliveryWorker,
    AlertIntake,
    LoopbackReceiver,
    AlertHttpServer,
    InspectionBot,
  ];
  for (const service of services) container.bind(service).toSelf().inSingletonScope();

  const server = container.get(AlertHttpServer);
  const intake = container.get(AlertIntake);
  built.intake = intake;
  const bot = new AlertBot({
    config,
    container,
    runtime,
    outbox,
    logger,
    metrics,
    clients,
    server,
    intake,
    worker: container.get(DeliveryWorker),
    inspection: container.get(InspectionBot),
    receiver: container.get(LoopbackReceiver),
  });
  try {
    await server.listen();
  } catch (error) {
    await bot.stop();
    throw error;
  }
  bot.worker.start();
  bot.inspection.start();
  return bot;
}
