import type { Runtime, ScheduledTask } from '@ballast/core';
import type { LogWriter } from '@ballast/safe-log';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../app/tokens.js';
import type { AlertBotConfig, DeliveryConfig } from '../config/AlertBotConfig.js';
import { primaryChannels } from '../config/primaryChannels.js';
import { retryWaits } from '../config/retryWaits.js';
import { GroupFlusher } from '../grouping/GroupFlusher.js';
import type { AlertBotMetrics } from '../metrics/AlertBotMetrics.js';
import type { ClaimedDelivery } from '../outbox/ClaimedDelivery.js';
import type { Outbox } from '../outbox/Outbox.js';
import { ChannelSenders } from './ChannelSenders.js';
import { ChannelStates } from './ChannelStates.js';
import { classifyDeliveryError, describeError } from './classifyDeliveryError.js';
import { endLeaseOwner, isGoneOwner, newLeaseOwner } from './leaseOwners.js';
import { retryDelay } from './retryDelay.js';

/**
 * Moves notifications from the outbox to their channels. It wakes when a group or a retry
 * falls due (and polls as a backstop), turns due groups into notifications, leases due
 * notifications with at most `concurrency` in flight per channel (a channel whose receiver
 * hangs cannot take the others' slots), and writes every outcome back: done, rescheduled with
 * backoff (the next attempt time lives in the outbox, so retries survive restarts), channel
 * disabled on 410, or dead letter when the attempts are spent or the error is permanent.
 */
@injectable()
export class DeliveryWorker {
  readonly #settings: DeliveryConfig;
  /** Waits before attempts 2, 3, … */
  readonly #waits: readonly number[];
  readonly #channels: Set<string>;
  readonly #inFlight = new Map<string, Set<Promise<void>>>();
  /** Channels whose breaker or rate limit refused, until when: not claimed meanwhile. */
  readonly #paused = new Map<string, number>();
  #owner = '';
  #running = false;
  #poll: ScheduledTask | undefined;
  #wake: { readonly at: number; readonly task: ScheduledTask } | undefined;

  constructor(
    @inject(TOKENS.config) config: AlertBotConfig,
    @inject(TOKENS.outbox) private readonly outbox: Outbox,
    @inject(ChannelSenders) private readonly senders: ChannelSenders,
    @inject(ChannelStates) private readonly states: ChannelStates,
    @inject(GroupFlusher) private readonly flusher: GroupFlusher,
    @inject(TOKENS.metrics) private readonly metrics: AlertBotMetrics,
    @inject(TOKENS.runtime) private readonly runtime: Runtime,
    @inject(TOKENS.logger) private readonly logger: LogWriter,
    @inject(TOKENS.random) private readonly random: () => number,
  ) {
    this.#settings = config.delivery;
    this.#waits = retryWaits(config.delivery.retrySchedule);
    this.#channels = new Set(primaryChannels(config).map(({ channel }) => channel));
  }

  /** Deliveries being sent right now. */
  get inFlight(): number {
    let count = 0;
    for (const sending of this.#inFlight.values()) count += sending.size;
    return count;
  }

  /**
   * Starts working with a new lease-owner id. Leases left by a worker whose process is gone
   * (killed on this host) are ended at once, so its notifications go out without waiting.
   */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#owner = newLeaseOwner();
    const now = this.runtime.clock.now();
    const released = this.outbox.releaseLeasesOfGone(now, isGoneOwner);
    if (released > 0)
      this.logger.log('info', 'alert-bot: took back the leases of a stopped worker', { released });
    // Notifications queued for a channel no longer configured are worked off as dead letters.
    for (const channel of this.outbox.queuedChannels()) this.#channels.add(channel);
    this.#schedulePoll(0);
  }

  /** Looks for due work now instead of at the next wake-up. */
  notify(): void {
    if (this.#running) queueMicrotask(() => this.#pump());
  }

  /** Makes sure the worker looks for due work at `at` (runtime clock) at the latest. */
  wakeAt(at: number): void {
    if (!this.#running) return;
    const delay = at - this.runtime.clock.now();
    if (delay <= 0) return this.notify();
    if (this.#wake !== undefined && this.#wake.at <= at) return;
    this.#wake?.task.cancel();
    this.#wake = {
      at,
      task: this.runtime.scheduler.schedule(delay, () => {
        this.#wake = undefined;
        this.#pump();
      }),
    };
  }

  /** Resolves once no delivery is in flight. */
  async whenIdle(): Promise<void> {
    for (let sending = this.#all(); sending.length > 0; sending = this.#all())
      await Promise.all(sending);
  }

  /** Claims nothing more from now on; deliveries in flight go on (see {@link DeliveryWorker.stop}). */
  stopClaiming(): void {
    this.#running = false;
    this.#poll?.cancel();
    this.#poll = undefined;
    this.#wake?.task.cancel();
    this.#wake = undefined;
  }

  /**
   * Stops claiming and waits up to `drainTimeoutMs` for deliveries in flight. Returns false when
   * some were still running: their leases expire (or the next start takes them back) and they
   * are sent again.
   */
  async stop(): Promise<boolean> {
    this.stopClaiming();
    endLeaseOwner(this.#owner);
    if (this.inFlight === 0) return true;
    let timer: ScheduledTask | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = this.runtime.scheduler.schedule(
        this.#settings.drainTimeoutMs,
        () => resolve(false),
        true,
      );
    });
    const drained = await Promise.race([this.whenIdle().then(() => true), timedOut]);
    timer?.cancel();
    return drained;
  }

  #all(): Promise<void>[] {
    return [...this.#inFlight.values()].flatMap((sending) => [...sending]);
  }

  #schedulePoll(delayMs: number): void {
    this.#poll = this.runtime.scheduler.schedule(delayMs, () => {
      this.#poll = undefined;
      this.states.refresh();
      this.#pump();
      if (this.#running) this.#schedulePoll(this.#settings.pollIntervalMs);
    });
  }

  #pump(): void {
    if (!this.#running) return;
    const now = this.runtime.clock.now();
    let next = Number.POSITIVE_INFINITY;
    try {
      this.flusher.flush(now);
      for (const channel of this.#channels) {
        const pausedUntil = this.#paused.get(channel) ?? 0;
        if (pausedUntil > now) next = Math.min(next, pausedUntil);
        else this.#claim(channel, now);
      }
      next = Math.min(
        next,
        this.flusher.nextAt() ?? next,
        this.outbox.nextAttemptAfter(now) ?? next,
      );
    } catch (error) {
      // The poll tries again; nothing claimed was lost.
      this.logger.log('error', 'alert-bot: reading the outbox failed', {
        error: describeError(error),
      });
      return;
    }
    if (Number.isFinite(next)) this.wakeAt(next);
  }

  #claim(channel: string, now: number): void {
    this.#paused.delete(channel);
    let sending = this.#inFlight.get(channel);
    if (sending === undefined) this.#inFlight.set(channel, (sending = new Set()));
    const free = this.#settings.concurrency - sending.size;
    if (free <= 0) return;
    const slots = sending;
    for (const delivery of this.outbox.claim(
      this.#owner,
      channel,
      now,
      free,
      this.#settings.leaseMs,
    )) {
      const attempt: Promise<void> = this.#deliver(delivery).finally(() => {
        slots.delete(attempt);
        this.#pump();
      });
      slots.add(attempt);
    }
  }

  async #deliver(delivery: ClaimedDelivery): Promise<void> {
    const { notification, channel } = delivery;
    this.metrics.attempt(channel);
    try {
      const via = await this.senders.send(channel, notification);
      this.outbox.complete(delivery);
      this.metrics.delivered(channel, this.runtime.clock.now() - notification.since);
      this.logger.log('debug', 'alert-bot: delivered', { id: notification.id, channel, via });
    } catch (error) {
      try {
        this.#settle(delivery, error);
      } catch (storeError) {
        // The lease runs out and the notification is sent again: at-least-once holds.
        this.logger.log('error', 'alert-bot: recording a delivery outcome failed', {
          error: describeError(storeError),
        });
      }
    }
  }

  #settle(delivery: ClaimedDelivery, error: unknown): void {
    const now = this.runtime.clock.now();
    const { notification, channel } = delivery;
    const verdict = classifyDeliveryError(error, this.#settings.attemptTimeoutMs);
    const reason = describeError(error);
    const failedOn = this.senders.channelOf(error) ?? channel;
    if (verdict.kind === 'defer') {
      this.logger.log('debug', 'alert-bot: channel refused by its breaker or rate limit', {
        channel: failedOn,
        waitMs: verdict.waitMs,
        error: reason,
      });
      this.metrics.settled(channel, 'deferred');
      this.#paused.set(channel, now + verdict.waitMs);
      this.outbox.reschedule(delivery, delivery.attempts, now + verdict.waitMs, undefined);
      return;
    }
    if (verdict.kind === 'gone') {
      this.states.disable(failedOn, reason, now);
      this.logger.log('warn', 'alert-bot: channel disabled (410 Gone)', { channel: failedOn });
      this.metrics.settled(channel, 'gone');
      // Sent again at once: routed to the fallback if there is one, else dead-lettered as disabled.
      this.outbox.reschedule(delivery, delivery.attempts + 1, now, reason);
      this.notify();
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
      this.metrics.settled(channel, 'dead');
      this.logger.log('warn', 'alert-bot: dead letter', {
        id: notification.id,
        channel,
        attempts,
        error: reason,
      });
      return;
    }
    this.logger.log('debug', 'alert-bot: delivery failed, retrying', {
      id: notification.id,
      channel: failedOn,
      attempts,
      waitMs: wait,
      error: reason,
    });
    this.metrics.settled(channel, 'retry');
    this.outbox.reschedule(delivery, attempts, now + wait, reason);
    this.wakeAt(now + wait);
  }
}
