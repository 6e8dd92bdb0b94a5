import type Database from 'better-sqlite3';

/** Queue depths of one channel. */
export interface ChannelDepth {
  /** Due now, waiting for a worker. */
  readonly ready: number;
  /** Waiting for a later attempt (backoff, Retry-After, open circuit). */
  readonly scheduled: number;
  /** Claimed by a worker (being delivered, or left by a crashed worker until the lease ends). */
  readonly leased: number;
  readonly dead: number;
}

/** What `alert-bot status` prints. */
export interface OutboxStatus extends ChannelDepth {
  /** Alerts stored whose deliveries are not all done. */
  readonly alerts: number;
  /** Deliveries completed since the outbox was created. */
  readonly delivered: number;
  readonly byChannel: Readonly<Record<string, ChannelDepth>>;
  /** Channels turned off by a 410 Gone, with the reason. */
  readonly disabledChannels: Readonly<Record<string, string>>;
}

interface DepthRow {
  channel: string;
  ready: number;
  scheduled: number;
  leased: number;
}

/** @internal reads the queue depths of the outbox at `now`. */
export function readOutboxStatus(db: Database.Database, now: number): OutboxStatus {
  const depths = db
    .prepare(
      `SELECT channel,
        sum(lease_until <= ? AND next_attempt_at <= ?) AS ready,
        sum(lease_until <= ? AND next_attempt_at > ?) AS scheduled,
        sum(lease_until > ?) AS leased
      FROM deliveries GROUP BY channel`,
    )
    .all(now, now, now, now, now) as DepthRow[];
  const dead = db
    .prepare('SELECT channel, count(*) AS n FROM dead_letters GROUP BY channel')
    .all() as { channel: string; n: number }[];
  const byChannel: Record<
    string,
    { ready: number; scheduled: number; leased: number; dead: number }
  > = {};
  for (const row of depths)
    byChannel[row.channel] = {
      ready: row.ready,
      scheduled: row.scheduled,
      leased: row.leased,
      dead: 0,
    };
  for (const row of dead)
    (byChannel[row.channel] ??= { ready: 0, scheduled: 0, leased: 0, dead: 0 }).dead = row.n;
  const total = { ready: 0, scheduled: 0, leased: 0, dead: 0 };
  for (const depth of Object.values(byChannel)) {
    total.ready += depth.ready;
    total.scheduled += depth.scheduled;
    total.leased += depth.leased;
    total.dead += depth.dead;
  }
  const alerts = (db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
  const delivered =
    (
      db.prepare("SELECT value FROM counters WHERE name = 'delivered'").get() as
        { value: number } | undefined
    )?.value ?? 0;
  const disabled = db.prepare('SELECT channel, reason FROM disabled_channels').all() as {
    channel: string;
    reason: string;
  }[];
  return {
    ...total,
    alerts,
    delivered,
    byChannel,
    disabledChannels: Object.fromEntries(disabled.map((row) => [row.channel, row.reason])),
  };
}
