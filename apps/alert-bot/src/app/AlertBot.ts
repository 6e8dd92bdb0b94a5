import type { Runtime } from '@ballast/core';
import type { HttpClient } from '@ballast/http';
import type { SafeLogger } from '@ballast/safe-log';
import type { Container } from 'inversify';
import type { AlertBotConfig } from '../config/AlertBotConfig.js';
import type { DeliveryWorker } from '../delivery/DeliveryWorker.js';
import type { AlertIntake } from '../intake/AlertIntake.js';
import type { AlertHttpServer } from '../intake/AlertHttpServer.js';
import type { LoopbackReceiver } from '../intake/LoopbackReceiver.js';
import type { InspectionBot } from '../inspection/InspectionBot.js';
import type { AlertBotMetrics } from '../metrics/AlertBotMetrics.js';
import type { EnqueueResult, Outbox } from '../outbox/Outbox.js';
import type { OutboxStatus } from '../outbox/OutboxStatus.js';

/** The parts of a running bot, as assembled by `createAlertBot`. */
export interface AlertBotParts {
  readonly config: AlertBotConfig;
  readonly container: Container;
  readonly runtime: Runtime;
  readonly outbox: Outbox;
  readonly logger: SafeLogger;
  readonly metrics: AlertBotMetrics;
  readonly clients: readonly HttpClient[];
  readonly server: AlertHttpServer;
  readonly intake: AlertIntake;
  readonly worker: DeliveryWorker;
  readonly inspection: InspectionBot;
  readonly receiver: LoopbackReceiver;
}

/**
 * A running alert bot: HTTP intake, delivery worker and inspection bot over one outbox.
 * Create it with `createAlertBot`; `stop()` shuts it down gracefully.
 */
export class AlertBot {
  #stopping: Promise<boolean> | undefined;

  /** @internal use `createAlertBot`. */
  constructor(private readonly parts: AlertBotParts) {}

  /** The validated configuration. */
  get config(): AlertBotConfig {
    return this.parts.config;
  }

  /** `http://host:port` of the intake. */
  get url(): string {
    return this.parts.server.url;
  }

  /** The container's runtime (clock, scheduler, breakers). */
  get runtime(): Runtime {
    return this.parts.runtime;
  }

  /** The delivery worker (`whenIdle()`, `inFlight`). */
  get worker(): DeliveryWorker {
    return this.parts.worker;
  }

  /** The inspection bot (`health()`, `runRound()`, `whenIdle()`). */
  get inspection(): InspectionBot {
    return this.parts.inspection;
  }

  /** The built-in loopback receiver (set `onReceived` to watch deliveries). */
  get receiver(): LoopbackReceiver {
    return this.parts.receiver;
  }

  /** The bot's safe logger; error-level lines become alerts unless `logging.errorAlerts` is false. */
  get logger(): SafeLogger {
    return this.parts.logger;
  }

  /** The bot's Prometheus metrics (`metrics.registry` also holds ballast's). */
  get metrics(): AlertBotMetrics {
    return this.parts.metrics;
  }

  /** The outbox (dead letters, channel states). */
  get outbox(): Outbox {
    return this.parts.outbox;
  }

  /**
   * Validates and stores an alert, as `POST /alerts` does; it joins its group on each channel.
   * @throws InvalidAlertError naming the bad field.
   */
  send(input: unknown, source = 'api'): EnqueueResult {
    return this.parts.intake.submit(input, source);
  }

  /** Queue depths. */
  status(): OutboxStatus {
    return this.parts.outbox.status(this.parts.runtime.clock.now());
  }

  /** Re-queues dead letters (all, or one notification's / one channel's); returns how many. */
  replay(filter: { readonly id?: string; readonly channel?: string } = {}): number {
    const count = this.parts.outbox.replay(this.parts.runtime.clock.now(), filter);
    this.parts.worker.notify();
    return count;
  }

  /**
   * Graceful shutdown. The worker claims nothing more from the first moment, whatever the HTTP
   * server is doing; then the intake closes (requests in progress get a second, then their
   * connections are cut) while the inspection round in progress ends, and deliveries in
   * flight get up to `delivery.drainTimeoutMs`; then the HTTP pools, the logger, the
   * runtime's timers and the database close. Resolves true when every delivery in flight
   * finished (else the next start sends them again).
   */
  stop(): Promise<boolean> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<boolean> {
    const { server, inspection, worker, clients, logger, container, runtime, outbox } = this.parts;
    worker.stopClaiming();
    await Promise.all([server.close(), inspection.stop()]);
    const drained = await worker.stop();
    await Promise.all(clients.map((client) => client.close()));
    await logger.flush();
    await container.unbindAll();
    runtime.dispose();
    outbox.close();
    return drained;
  }
}
