import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { NotificationKind } from '../grouping/Notification.js';
import type { OutboxStatus } from '../outbox/OutboxStatus.js';

/** What became of one delivery attempt. */
export type DeliveryOutcome = 'delivered' | 'retry' | 'deferred' | 'gone' | 'dead';

const QUEUE_STATES = ['ready', 'scheduled', 'leased'] as const;

/**
 * `read()` once per scrape: prom-client runs every gauge's `collect()` in one synchronous pass,
 * so the outbox's status (a few SQL counts) is read for the first gauge and shared until the
 * pass ends.
 */
function oncePerScrape(read: () => OutboxStatus): () => OutboxStatus {
  let current: OutboxStatus | undefined;
  return () => {
    if (current === undefined) {
      current = read();
      queueMicrotask(() => {
        current = undefined;
      });
    }
    return current;
  };
}

/**
 * The bot's own Prometheus metrics, in a registry of its own (served with ballast's at
 * `GET /metrics`). Counters and the latency histogram are updated as things happen; queue
 * depths, the oldest ready notification, dead letters and open groups are read from the
 * outbox when Prometheus scrapes. Every label is a configured channel name or a fixed word.
 *
 * @example
 * ```ts
 * const metrics = new AlertBotMetrics(() => outbox.status(Date.now()));
 * metrics.delivered('ops', 1_250);
 * console.log(await metrics.registry.metrics());
 * ```
 */
export class AlertBotMetrics {
  /** Holds every `alert_bot_*` family; ballast's exporter adds its own to it. */
  readonly registry = new Registry();
  readonly #accepted: Counter<'result'>;
  readonly #notifications: Counter<'channel' | 'kind'>;
  readonly #attempts: Counter<'channel'>;
  readonly #outcomes: Counter<'channel' | 'outcome'>;
  readonly #latency: Histogram<'channel'>;

  /** @param readStatus - the outbox's status now, read once per scrape. */
  constructor(readStatus: () => OutboxStatus) {
    const registers = [this.registry];
    const statusOf = oncePerScrape(readStatus);
    this.#accepted = new Counter({
      name: 'alert_bot_alerts_accepted_total',
      help: 'Alerts accepted by the intake (result: new, or duplicate of an id accepted before).',
      labelNames: ['result'],
      registers,
    });
    this.#notifications = new Counter({
      name: 'alert_bot_notifications_total',
      help: 'Notifications made from alert groups (kind: new, update, repeat, resolved).',
      labelNames: ['channel', 'kind'],
      registers,
    });
    this.#attempts = new Counter({
      name: 'alert_bot_delivery_attempts_total',
      help: 'Delivery attempts started, per channel.',
      labelNames: ['channel'],
      registers,
    });
    this.#outcomes = new Counter({
      name: 'alert_bot_delivery_outcomes_total',
      help: 'What became of delivery attempts: delivered, retry (scheduled again), deferred (breaker or rate limit, no attempt spent), gone (410), dead (dead letter).',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'alert_bot_delivery_latency_seconds',
      help: 'From the acceptance of the oldest alert a notification is the first to tell of, to its delivery.',
      labelNames: ['channel'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    const byChannel = (
      name: string,
      help: string,
      read: (status: OutboxStatus, channel: string) => number,
    ): void => {
      new Gauge({
        name,
        help,
        labelNames: ['channel'],
        registers,
        collect() {
          this.reset();
          const status = statusOf();
          for (const channel of Object.keys(status.byChannel))
            this.set({ channel }, read(status, channel));
        },
      });
    };
    new Gauge({
      name: 'alert_bot_queue_depth',
      help: 'Notifications queued per channel and state (ready: due now; scheduled: waiting for a retry; leased: being sent).',
      labelNames: ['channel', 'state'],
      registers,
      collect() {
        this.reset();
        for (const [channel, depth] of Object.entries(statusOf().byChannel))
          for (const state of QUEUE_STATES) this.set({ channel, state }, depth[state]);
      },
    });
    byChannel(
      'alert_bot_oldest_ready_age_seconds',
      'How long the oldest notification due now has been waiting for a worker.',
      (status, channel) => status.byChannel[channel]!.oldestReadyMs / 1000,
    );
    byChannel(
      'alert_bot_dead_letters',
      'Notifications given up on (dead letters), per channel.',
      (status, channel) => status.byChannel[channel]!.dead,
    );
    byChannel(
      'alert_bot_groups',
      'Alert groups open (firing, or waiting for their first notification), per channel.',
      (status, channel) => status.byChannel[channel]!.groups,
    );
  }

  /** An alert reached the intake. */
  accepted(duplicate: boolean): void {
    this.#accepted.inc({ result: duplicate ? 'duplicate' : 'new' });
  }

  /** A group made a notification. */
  notified(channel: string, kind: NotificationKind): void {
    this.#notifications.inc({ channel, kind });
  }

  /** An attempt starts. */
  attempt(channel: string): void {
    this.#attempts.inc({ channel });
  }

  /** An attempt ended with `outcome` (other than delivered). */
  settled(channel: string, outcome: Exclude<DeliveryOutcome, 'delivered'>): void {
    this.#outcomes.inc({ channel, outcome });
  }

  /** A notification arrived, `latencyMs` after its oldest alert was accepted. */
  delivered(channel: string, latencyMs: number): void {
    this.#outcomes.inc({ channel, outcome: 'delivered' });
    this.#latency.observe({ channel }, Math.max(0, latencyMs) / 1000);
  }
}
