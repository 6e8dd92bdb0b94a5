/**
 * Signing secret of the local demo: the default channel and the built-in receiver share it, so
 * `alert-bot serve` with no config delivers signed webhooks to itself. Never use it in production.
 */
export const DEMO_WEBHOOK_SECRET = 'whsec_YmFsbGFzdC1hbGVydC1ib3QtbG9jYWwtZGVtby1rZXk=';

/** The Svix retry schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const SVIX_RETRY_SCHEDULE: readonly number[] = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

/** Default port of the HTTP intake (and of the loopback receiver's URL in the default channel). */
export const DEFAULT_PORT = 8787;
