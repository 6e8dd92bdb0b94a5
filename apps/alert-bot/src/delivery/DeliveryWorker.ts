import type { Runtime, ScheduledTask } from '@ballast/core';
import type { LogWriter } from '@ballast/safe-log';
import { inject, injectable } from 'inversify';
import { randomUUID } from 'node:crypto';
import { TOKENS } from '../app/tokens.js';
import type { AlertBotConfig, DeliveryConfig } from '../config/AlertBotConfig.js';
import { retryWaits } from '../config/retryWaits.js';
import type { ClaimedDelivery } from '../outbox/ClaimedDelivery.js';
import type { Outbox } from '../outbox/Outbox.js';
import { ChannelSenders } from './ChannelSenders.js';
import { ChannelStates } from './ChannelStates.js';
import { classifyDeliveryError, describeError } from './classifyDeliveryError.js';
import { retryDelay } from './retryDelay.js';

/**
 * Moves alerts from the outbox to their channels. It polls on the runtime's scheduler (and
 * wakes at once on new alerts), leases due deliveries, sends them with at most `concurrency`
 * in flight, and writes every outcome back: done, rescheduled with backoff (the next attempt
 * time lives in the outbox, so retries survive restarts), channel disabled on 410, or dead
 * letter when the attempts are spent or the error is permanent.
 */
@injectable()
export class DeliveryWorker {
  readonly #settings: DeliveryConfig;
  /** Waits before attempts 2, 3, … */
  readonly #waits: readonly number[];
  readonly #inFlight = new Set<Promise<void>>();
  /** Channels whose breaker or rate limit refused, until when: not claimed meanwhile. */
  readonly #paused = new Map<string, number>();
  #owner = '';
  #running = false;
  #tick: ScheduledTask | undefined;

  constructor(
    @inject(TOKENS.config) config: AlertBotConfig,
    @inject(TOKENS.outbox) private readonly outbox: Outbox,
    @inject(ChannelSenders) private readonly senders: ChannelSenders,
    @inject(ChannelStates) private readonly states: ChannelStates,
    @inject(TOKENS.runtime) private readonly runtime: Runtime,
    @inject(TOKENS.logger) private readonly logger: LogWriter,
    @inject(TOKENS.random) private readonly random: () => number,
  ) {
    this.#settings = config.delivery;
    this.#waits = retryWaits(config.delivery.retrySchedule);
  }

  /** Deliveries being sent right now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Starts polling; each start takes a new lease owner id. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#owner = `${process.pid}-${randomUUID()}`;
    this.#schedule(0);
  }

  /** Claims due deliveries now instead of at the next poll (called when an alert arrives). */
  notify(): void {
    if (this.#running) queueMicrotask(() => this.#pump());
  }

  /** Resolves once no delivery is in flight. */
  async whenIdle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /**
   * Stops claiming and waits up to `drainTimeoutMs` for deliveries in flight. Returns false when
   * some were still running: their leases expire and the next start sends them again.
   */
  async stop(): Promise<boolean> {
    this.#running = false;
    this.#tick?.cancel();
    this.#tick = undefined;
    if (this.#inFlight.size === 0) return true;
    let timer: ScheduledTask | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = this.runtime.scheduler.schedule(this.#settings.drainTimeoutMs, () => resolve(false));
    });
    const drained = await Promise.race([this.whenIdle().then(() => true), timedOut]);
    timer?.cancel();
    return drained;
  }

  #schedule(delayMs: number): void {
    this.#tick = this.runtime.scheduler.schedule(delayMs, () => {
      this.#tick = undefined;
      this.states.refresh();
      this.#pump();
      if (this.#running) this.#schedule(this.#settings.pollIntervalMs);
    });
  }

  #pausedChannels(now: number): string[] {
    for (const [channel, until] of this.#paused) if (until <= now) this.#paused.delete(channel);
    return [...this.#paused.keys()];
  }

  #pump(): void {
    const free = this.#settings.concurrency - this.#inFlight.size;
    if (!this.#running || free <= 0) return;
    const now = this.runtime.clock.now();
    let claimed: ClaimedDelivery[];
    try {
      claimed = this.outbox.claim(
        this.#owner,
        now,
        free,
        this.#settings.leaseMs,
        this.#pausedChannels(now),
      );
    } catch (error) {
      this.logger.log('error', 'alert-bot: claiming deliveries failed', {
        error: describeError(error),
      });
      return;
    }
    for (const delivery of claimed) {
      const sending: Promise<void> = this.#deliver(delivery).finally(() => {
        this.#inFlight.delete(sending);
        this.#pump();
      });
      this.#inFlight.add(sending);
    }
  }

  async #deliver(delivery: ClaimedDelivery): Promise<void> {
    try {
      const via = await this.senders.send(delivery.channel, delivery.alert);
      this.outbox.complete(delivery);
      this.logger.log('debug', 'alert-bot: delivered', {
        alertId: delivery.alert.id,
        channel: delivery.channel,
        via,
      });
    } catch (error) {
      try {
        this.#settle(delivery, error);
      } catch (storeError) {
        // The lease runs out and the delivery is sent again: at-least-once holds.
        this.logger.log('error', 'alert-bot: recording a delivery outcome failed', {
          error: describeError(storeError),
        });
      }
    }
  }

  #settle(delivery: ClaimedDelivery, error: unknown): void {
    const now = this.runtime.clock.now();
    const verdict = classifyDeliveryError(error, this.#settings.attemptTimeoutMs);
    const reason = describeError(error);
    const failedOn = this.senders.channelOf(error) ?? delivery.channel;
    if (verdict.kind === 'defer') {
      this.logger.log('debug', 'alert-bot: channel refused by its breaker or rate limit', {
        channel: failedOn,
        waitMs: verdict.waitMs,
        error: reason,
      });
      this.#paused.set(delivery.channel, now + verdict.waitMs);
      this.outbox.reschedule(delivery, delivery.attempts, now + verdict.waitMs, undefined);
      return;
    }
    if (verdict.kind === 'gone') {
      this.states.disable(failedOn, reason, now);
      this.logger.log('warn', 'alert-bot: channel disabled (410 Gone)', { channel: failedOn });
      // Sent again at once: routed to the fallback if there is one, else dead-lettered as disabled.
      this.outbox.reschedule(delivery, delivery.attempts + 1, now, reason);
      return;
    }
    const attempts = delivery.attempts + 1;
    const wait =
      verdict.kind === 'retry'
        ? retryDelay(
            this.#waits,
            this.#settings.jitter,
            attempts,
            this.random,
            verdict.retryAfterMs,
          )
        : undefined;
    if (wait === undefined) {
      this.outbox.deadLetter(delivery, attempts, reason, now);
      this.logger.log('warn', 'alert-bot: dead letter', {
        alertId: delivery.alert.id,
        channel: delivery.channel,
        attempts,
        error: reason,
      });
      return;
    }
    this.logger.log('debug', 'alert-bot: delivery failed, retrying', {
      alertId: delivery.alert.id,
      channel: failedOn,
      attempts,
      waitMs: wait,
      error: reason,
    });
    this.outbox.reschedule(delivery, attempts, now + wait, reason);
  }
}
