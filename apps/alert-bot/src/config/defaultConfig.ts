/**
 * Signing secret of the local demo: the default channel and the built-in receiver share it, so
 * `alert-bot serve` with no config delivers signed webhooks to itself. Never use it in production.
 */
export const DEMO_WEBHOOK_SECRET = 'whsec_YmFsbGFzdC1hbGVydC1ib3QtbG9jYWwtZGVtby1rZXk=';

/**
 * The default waits before attempts 2, 3, … of a notification. Alerting needs the first minute
 * more than the fourth hour: the waits grow from 0.5 s to 5 s over the first 30 s (11 attempts,
 * 13 within 45 s: enough for a receiver failing half its requests), then spread out to an hour,
 * giving up after 25 attempts and about 4 hours — the default `repeatIntervalMs`, after which a
 * group still firing is notified again anyway. A receiver that is down opens the channel's
 * breaker, and waits behind an open breaker spend no attempt, so the short waits do not hammer it.
 */
export const ALERTING_RETRY_SCHEDULE: readonly number[] = [
  500, 1_000, 1_000, 2_000, 2_000, 3_000, 3_000, 5_000, 5_000, 5_000, 5_000, 10_000, 10_000, 15_000,
  30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 3_600_000, 3_600_000,
];

/** Default port of the HTTP intake (and of the loopback receiver's URL in the default channel). */
export const DEFAULT_PORT = 8787;
