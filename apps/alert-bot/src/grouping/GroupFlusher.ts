import type { Runtime } from '@ballast/core';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../app/tokens.js';
import type { AlertBotConfig, GroupingConfig } from '../config/AlertBotConfig.js';
import { primaryChannels } from '../config/primaryChannels.js';
import type { AlertBotMetrics } from '../metrics/AlertBotMetrics.js';
import type { Outbox } from '../outbox/Outbox.js';

/** Groups looked at per transaction: a backlog is worked through in slices. */
const SLICE = 500;
/** How often accepted ids past their retention are forgotten. */
const PRUNE_EVERY_MS = 600_000;

/**
 * Turns due alert groups into queued notifications (see `flushGroup` for when a group is due),
 * each channel with its own grouping settings; groups of a channel no longer configured use
 * the top-level ones (their notifications then end as dead letters, as the channel is gone).
 */
@injectable()
export class GroupFlusher {
  readonly #grouping = new Map<string, GroupingConfig>();
  readonly #fallback: GroupingConfig;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    @inject(TOKENS.config) config: AlertBotConfig,
    @inject(TOKENS.outbox) private readonly outbox: Outbox,
    @inject(TOKENS.runtime) private readonly runtime: Runtime,
    @inject(TOKENS.metrics) private readonly metrics: AlertBotMetrics,
  ) {
    for (const { channel, grouping } of primaryChannels(config))
      this.#grouping.set(channel, grouping);
    this.#fallback = config.grouping;
  }

  /** Queues every notification due at `now`; returns how many were made. */
  flush(now = this.runtime.clock.now()): number {
    if (now - this.#prunedAt >= PRUNE_EVERY_MS) {
      this.#prunedAt = now;
      this.outbox.prune(now);
    }
    if ((this.outbox.nextFlushAt() ?? now + 1) > now) return 0;
    const groupingOf = (channel: string): GroupingConfig =>
      this.#grouping.get(channel) ?? this.#fallback;
    let made = 0;
    for (let more = true; more;) {
      const slice = this.outbox.flushDue(now, groupingOf, SLICE);
      for (const { channel, notification } of slice.made)
        this.metrics.notified(channel, notification.kind);
      made += slice.made.length;
      more = slice.more;
    }
    return made;
  }

  /** When the next group is due, if any group is open. */
  nextAt(): number | undefined {
    return this.outbox.nextFlushAt();
  }
}
