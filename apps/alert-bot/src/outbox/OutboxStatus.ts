import type Database from 'better-sqlite3';

/** Queue depths of one channel. */
export interface ChannelDepth {
  /** Notifications due now, waiting for a worker. */
  readonly ready: number;
  /** Notifications waiting for a later attempt (backoff, Retry-After, open circuit). */
  readonly scheduled: number;
  /** Claimed by a worker (being sent, or left by a crashed worker until the lease ends). */
  readonly leased: number;
  readonly dead: number;
  /** Alert groups open (firing, or waiting for their first notification). */
  readonly groups: number;
  /** Milliseconds the oldest ready notification has been due; 0 when none is. */
  readonly oldestReadyMs: number;
}

/** What `alert-bot status` and `GET /status` show. */
export interface OutboxStatus extends ChannelDepth {
  /** Notifications delivered since the outbox was created. */
  readonly delivered: number;
  readonly byChannel: Readonly<Record<string, ChannelDepth>>;
  /** Channels turned off by a 410 Gone, with the reason. */
  readonly disabledChannels: Readonly<Record<string, string>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const EMPTY: ChannelDepth = {
  ready: 0,
  scheduled: 0,
  leased: 0,
  dead: 0,
  groups: 0,
  oldestReadyMs: 0,
};

/** @internal reads the queue depths of the outbox at `now`. */
export function readOutboxStatus(db: Database.Database, now: number): OutboxStatus {
  const byChannel: Record<string, Mutable<ChannelDepth>> = {};
  const of = (channel: string): Mutable<ChannelDepth> => (byChannel[channel] ??= { ...EMPTY });
  const depths = db
    .prepare(
      `SELECT channel,
        sum(lease_until <= ? AND next_attempt_at <= ?) AS ready,
        sum(lease_until <= ? AND next_attempt_at > ?) AS scheduled,
        sum(lease_until > ?) AS leased,
        min(CASE WHEN lease_until <= ? THEN next_attempt_at END) AS due
      FROM notifications GROUP BY channel`,
    )
    .all(now, now, now, now, now, now) as (Omit<
    ChannelDepth,
    'dead' | 'groups' | 'oldestReadyMs'
  > & {
    channel: string;
    due: number | null;
  })[];
  for (const row of depths) {
    Object.assign(of(row.channel), {
      ready: row.ready,
      scheduled: row.scheduled,
      leased: row.leased,
      oldestReadyMs: row.due === null ? 0 : Math.max(0, now - row.due),
    });
  }
  const counted = (sql: string, field: 'dead' | 'groups'): void => {
    for (const row of db.prepare(sql).all() as { channel: string; n: number }[])
      of(row.channel)[field] = row.n;
  };
  counted('SELECT channel, count(*) AS n FROM dead_letters GROUP BY channel', 'dead');
  counted('SELECT channel, count(*) AS n FROM groups GROUP BY channel', 'groups');
  const total: Mutable<ChannelDepth> = { ...EMPTY };
  for (const depth of Object.values(byChannel)) {
    total.ready += depth.ready;
    total.scheduled += depth.scheduled;
    total.leased += depth.leased;
    total.dead += depth.dead;
    total.groups += depth.groups;
    total.oldestReadyMs = Math.max(total.oldestReadyMs, depth.oldestReadyMs);
  }
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
    delivered,
    byChannel,
    disabledChannels: Object.fromEntries(disabled.map((row) => [row.channel, row.reason])),
  };
}
