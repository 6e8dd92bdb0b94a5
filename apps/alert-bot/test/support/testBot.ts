import { ManualClock, type RecordedRequest } from '@ballast/testing';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AlertBot, createAlertBot, type Notification } from '../../src/index.js';

/** Secret of the test channels. */
export const TEST_SECRET =
  'whsec_' + Buffer.from('alert-bot-test-signing-key-000001').toString('base64');

/** A bot on a manual clock, in a temp dir, with quick test-sized delivery settings. */
export interface TestBot {
  readonly bot: AlertBot;
  readonly clock: ManualClock;
  readonly dir: string;
  /** Moves the clock by `ms`, then waits until no delivery or check is in flight. */
  drive(ms?: number): Promise<void>;
  /** Stops the bot and removes its directory. */
  close(): Promise<void>;
}

/** A webhook channel named `name` posting to `url`. */
export function webhookChannel(
  name: string,
  url: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { name, type: 'webhook', url, secret: TEST_SECRET, ...extra };
}

/**
 * Starts a bot with `config` over test defaults: intake on port 0, no loopback receiver,
 * retries after 1 s, 2 s and 4 s, jitter pinned to the middle (random() = 0.5), and no group
 * wait (a new group is notified at once; grouping tests set their own).
 */
export async function startTestBot(
  config: Record<string, unknown>,
  options: { readonly dir?: string; readonly clock?: ManualClock } = {},
): Promise<TestBot> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'alert-bot-test-'));
  const clock = options.clock ?? new ManualClock(Date.now());
  const { delivery, logging, grouping, ...rest } = config as {
    delivery?: object;
    logging?: object;
    grouping?: object;
  };
  const bot = await createAlertBot({
    clock,
    random: () => 0.5,
    config: {
      dataDir: join(dir, 'data'),
      server: { port: 0 },
      receiver: { enabled: false },
      delivery: {
        pollIntervalMs: 100,
        attemptTimeoutMs: 1_000,
        leaseMs: 5_000,
        retrySchedule: [1_000, 2_000, 4_000],
        ...delivery,
      },
      logging: { errorAlerts: false, ...logging },
      grouping: { groupWaitMs: 0, ...grouping },
      ...rest,
    },
  });
  const settle = async (): Promise<void> => {
    await bot.inspection.whenIdle();
    await bot.worker.whenIdle();
  };
  return {
    bot,
    clock,
    dir,
    async drive(ms = 0) {
      await clock.advanceAsync(ms);
      await settle();
      // Work finishing can make more due at the same instant (a fallback, a re-queue).
      await clock.advanceAsync(0);
      await settle();
    },
    async close() {
      await bot.stop();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The notification a webhook request carried. */
export function notificationOf(request: RecordedRequest): Notification {
  return (JSON.parse(request.body) as { data: Notification }).data;
}

/** The ids of the alerts that webhook requests (to `path`, if given) told of first, in order. */
export function alertIdsOf(requests: readonly RecordedRequest[], path?: string): string[] {
  return requests
    .filter((request) => path === undefined || request.path === path)
    .map((request) => notificationOf(request).group.latest.id);
}

/** Runs `read` on a second, read-only connection to the outbox of the bot in `dir`. */
export function readOutboxDb<T>(dir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'data', 'outbox.db'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * Sends `body` (a string or bytes as is, else as JSON) without keep-alive; returns status and
 * parsed JSON.
 */
export function httpJson(
  method: string,
  url: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload =
    body === undefined || typeof body === 'string' || Buffer.isBuffer(body)
      ? body
      : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent: false, headers: { 'content-type': contentType } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload as string | Buffer | undefined);
  });
}
