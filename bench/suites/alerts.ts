/**
 * The alert bot under issue 19's chaos profile, in one process, without kills, with its DEFAULT
 * delivery and grouping settings (only data dir, port and channel are configured).
 *
 * The receiver is `@ballast/testing`'s chaos server: 30 % 503, 10 % hangs, 5 % connection
 * resets; the rest is answered 200 by a receiver that drops repeats of a `webhook-id`.
 *
 * - Latency (system clock, real time): 2,000 alerts with distinct titles (2,000 groups of one)
 *   posted to `POST /alerts` at 25/s. `p50_ms` / `p99_ms`: from the alert's acceptance (its
 *   `createdAt`) to the first 200 the receiver gave for its notification. `delivered` counts
 *   alerts whose notification was processed before the drain (`DRAIN_MS` after the last post)
 *   ended; `lost` the others.
 * - Storm (accelerated clock): ten alerts a second of one group (same title and labels) for
 *   60 s, then silence until the group is resolved. `notifications_per_group`: the distinct
 *   notifications the receiver processed for that group over its whole life. The default
 *   intervals (group wait 1 s, group interval 5 min, resolve timeout 5 min) make that life about
 *   10 minutes, so this bot runs on a clock `SPEED` times faster than real time: every
 *   timer and timestamp of the bot (group wait, intervals, retry waits, attempt timeouts) runs
 *   on it; only the network and SQLite keep real time, which makes them look `SPEED` times
 *   slower to the bot — so this part reports no latency.
 */
import { type Clock, systemClock, type TimerHandle } from '@ballast/core';
import { type AlertBot, createAlertBot, type Notification } from '@ballast/alert-bot';
import { type RecordedRequest, type RespondFault, startChaosServer } from '@ballast/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from '../measure.js';

const ALERTS = 2_000;
const RATE_PER_S = 25;
const DRAIN_MS = 60_000;
const STORM_MS = 60_000;
const STORM_PER_S = 10;
const SPEED = 10;
const SECRET = 'whsec_' + Buffer.from('alerts-bench-signing-key-000000001').toString('base64');

/** Notifications processed once each (by webhook id), as a careful receiver does. */
class Receiver {
  readonly #seen = new Set<string>();
  /** First processing time of each alert's notification (alert id → ms since the epoch). */
  readonly firstProcessed = new Map<string, number>();
  readonly acceptedAt = new Map<string, number>();
  /** Notifications processed per group id. */
  readonly perGroup = new Map<string, number>();

  respond(request: RecordedRequest): RespondFault {
    const id = String(request.headers['webhook-id']);
    if (!this.#seen.has(id)) {
      this.#seen.add(id);
      const { group } = (JSON.parse(request.body) as { data: Notification }).data;
      this.perGroup.set(group.id, (this.perGroup.get(group.id) ?? 0) + 1);
      if (!this.firstProcessed.has(group.first.id)) {
        this.firstProcessed.set(group.first.id, Date.now());
        this.acceptedAt.set(group.first.id, group.first.createdAt);
      }
    }
    return { kind: 'respond', status: 200 };
  }
}

/** A clock `speed` times faster than the system's, from the moment it is made. */
function acceleratedClock(speed: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * speed,
    setTimer: (callback, delayMs) => systemClock.setTimer(callback, delayMs / speed),
    clearTimer: (handle: TimerHandle) => systemClock.clearTimer(handle),
    keepAlive: (handle, on) => systemClock.keepAlive!(handle, on),
  };
}

async function chaosBot(
  receiver: Receiver,
  clock?: Clock,
): Promise<{ bot: AlertBot; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-alerts-'));
  const chaos = await startChaosServer({
    faults: {
      rates: [
        { fault: { kind: 'respond', status: 503 }, rate: 0.3 },
        { fault: { kind: 'hang' }, rate: 0.1 },
        { fault: { kind: 'reset' }, rate: 0.05 },
      ],
      respond: (request) => receiver.respond(request),
    },
  });
  const bot = await createAlertBot({
    ...(clock === undefined ? {} : { clock }),
    config: {
      dataDir: join(dir, 'data'),
      server: { port: 0 },
      receiver: { enabled: false },
      channels: [{ name: 'chaos', type: 'webhook', url: `${chaos.url}/hooks`, secret: SECRET }],
      logging: { level: 'error', errorAlerts: false },
    },
  });
  return {
    bot,
    async close() {
      await bot.stop();
      await chaos.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

async function latency(): Promise<{ delivered: number; lost: number; sorted: number[] }> {
  const receiver = new Receiver();
  const { bot, close } = await chaosBot(receiver);
  try {
    const started = Date.now();
    const posts: Promise<Response>[] = [];
    for (let n = 0; n < ALERTS; n++) {
      await sleep(started + (n * 1_000) / RATE_PER_S - Date.now());
      const alert = { id: `bench-${n}`, title: `bench alert ${n}`, severity: 'warning' };
      posts.push(
        fetch(`${bot.url}/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alert),
        }),
      );
    }
    const accepted = (await Promise.all(posts)).filter((res) => res.status === 202).length;
    const drainEnds = Date.now() + DRAIN_MS;
    while (receiver.firstProcessed.size < accepted && Date.now() < drainEnds) await sleep(100);
    const sorted = [...receiver.firstProcessed]
      .map(([id, at]) => at - receiver.acceptedAt.get(id)!)
      .sort((a, b) => a - b);
    const delivered = receiver.firstProcessed.size;
    return { delivered, lost: ALERTS - delivered, sorted };
  } finally {
    await close();
  }
}

/** Notifications of one group stormed for STORM_MS, until it is resolved (bot time). */
async function storm(): Promise<number> {
  const receiver = new Receiver();
  const clock = acceleratedClock(SPEED);
  const { bot, close } = await chaosBot(receiver, clock);
  try {
    const started = clock.now();
    const alert = { title: 'orders on cached stock', severity: 'warning', labels: { app: 'shop' } };
    for (let n = 0; n < (STORM_MS / 1_000) * STORM_PER_S; n++) {
      await sleep((started + (n * 1_000) / STORM_PER_S - clock.now()) / SPEED);
      bot.send(alert);
    }
    // Resolved once no alert came for resolveTimeoutMs; the bot's status shows no open group
    // and nothing queued then. An hour of bot time is far past that.
    const settled = (): boolean => {
      const status = bot.status();
      return status.groups + status.ready + status.scheduled + status.leased === 0;
    };
    while (!settled()) {
      if (clock.now() - started > 3_600_000) throw new Error('the storm group never settled');
      await sleep(100);
    }
    const [, count] = [...receiver.perGroup][0] ?? [undefined, 0];
    if (receiver.perGroup.size !== 1) throw new Error('the storm was not one group');
    return count;
  } finally {
    await close();
  }
}

export async function run(): Promise<void> {
  const { delivered, lost, sorted } = await latency();
  const notifications = await storm();
  const result = {
    p50_ms: percentile(sorted, 0.5),
    p99_ms: percentile(sorted, 0.99),
    delivered,
    lost,
    notifications_per_group: notifications,
  };
  report(
    `alert bot, chaos profile, default settings: ${ALERTS} alerts at ${RATE_PER_S}/s; one group stormed for ${STORM_MS / 1_000} s (clock x${SPEED})`,
    { ...result, max_ms: sorted.at(-1) ?? NaN },
    result,
  );
}
