import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertBotProcess } from './support/AlertBotProcess.js';
import { IdempotentPoster } from './support/idempotentPoster.js';

const ALERTS = 2_000;
const POISON_EVERY = 100; // 20 alerts the receiver refuses for good (400): the only allowed dead letters
const SECRET = 'whsec_' + Buffer.from('reliability-test-signing-key-0001').toString('base64');
const KEY = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
const DEADLINE_MS = 105_000;

interface OutboxCounts {
  deliveries: number;
  dead: number;
}

function readOutbox(
  file: string,
): OutboxCounts & { deadIds: string[]; deadErrors: string[]; alerts: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const deliveries = (db.prepare('SELECT count(*) AS n FROM deliveries').get() as { n: number })
      .n;
    const alerts = (db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
    const dead = db.prepare('SELECT alert_id, last_error FROM dead_letters').all() as {
      alert_id: string;
      last_error: string;
    }[];
    return {
      deliveries,
      alerts,
      dead: dead.length,
      deadIds: dead.map((row) => row.alert_id),
      deadErrors: dead.map((row) => row.last_error),
    };
  } finally {
    db.close();
  }
}

/**
 * The receiver side: verifies each signature, refuses poison alerts with a permanent 400, and
 * processes every other `webhook-id` once (a repeat is answered 200 and not processed again).
 */
class DedupingReceiver {
  readonly processed = new Map<string, number>();
  deliveries = 0;
  badSignatures = 0;

  respond(
    headers: Readonly<Record<string, string | string[] | undefined>>,
    body: string,
  ): { kind: 'respond'; status: number } {
    const id = String(headers['webhook-id']);
    const expected =
      'v1,' +
      createHmac('sha256', KEY)
        .update(`${id}.${String(headers['webhook-timestamp'])}.${body}`)
        .digest('base64');
    if (headers['webhook-signature'] !== expected) {
      this.badSignatures++;
      return { kind: 'respond', status: 401 };
    }
    const event = JSON.parse(body) as { data: { id: string; labels: Record<string, string> } };
    if (event.data.id !== id) return { kind: 'respond', status: 422 };
    if (event.data.labels.poison === 'yes') return { kind: 'respond', status: 400 };
    this.deliveries++;
    if (!this.processed.has(id)) this.processed.set(id, 1);
    return { kind: 'respond', status: 200 };
  }
}

let dir: string;
let chaos: ChaosServer;
const receiver = new DedupingReceiver();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alert-bot-reliability-'));
  chaos = await startChaosServer({
    faults: {
      rates: [
        { fault: { kind: 'respond', status: 503 }, rate: 0.3 },
        { fault: { kind: 'hang' }, rate: 0.1 },
        { fault: { kind: 'reset' }, rate: 0.05 },
        { fault: { kind: 'throttle', retryAfter: 1 }, rate: 0.01, burst: 5 },
      ],
      seed: 20_261_122,
      respond: (request) => receiver.respond(request.headers, request.body),
    },
  });
});

afterAll(async () => {
  await chaos.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('alert-bot under faults (child process, SIGKILL three times)', () => {
  it('delivers every acknowledged alert exactly once to a deduping receiver; only permanent refusals are dead letters', async () => {
    const deadline = Date.now() + DEADLINE_MS;
    const configFile = join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        dataDir: join(dir, 'data'),
        server: { port: 0 },
        receiver: { enabled: false },
        channels: [
          {
            name: 'chaos',
            type: 'webhook',
            url: `${chaos.url}/hooks/alerts`,
            secret: SECRET,
            rateLimit: { rate: 10_000, burst: 500 },
            breaker: {
              failureRateThreshold: 90,
              windowSize: 50,
              minimumCalls: 50,
              openDuration: 200,
            },
          },
        ],
        delivery: {
          concurrency: 32,
          pollIntervalMs: 25,
          leaseMs: 1_500,
          attemptTimeoutMs: 400,
          drainTimeoutMs: 2_000,
          jitter: 0.5,
          retrySchedule: { baseMs: 50, factor: 2, maxMs: 800, retries: 30 },
        },
        logging: { level: 'warn', errorAlerts: false },
      }),
    );
    const outbox = join(dir, 'data', 'outbox.db');
    const bot = new AlertBotProcess(configFile);
    const kills: string[] = [];
    const killAt = [
      { when: () => poster.accepted.size >= 700, what: 'during intake' },
      { when: () => receiver.processed.size >= 900, what: 'mid-delivery' },
      { when: () => receiver.processed.size >= 1_500, what: 'late delivery' },
    ];
    let restarting: Promise<void> = Promise.resolve();
    const maybeKill = (): void => {
      const next = killAt[kills.length];
      if (next === undefined || !next.when()) return;
      kills.push(next.what);
      poster.down();
      restarting = restarting.then(async () => {
        expect(await bot.stop('SIGKILL')).toBeNull();
        poster.up(await bot.start());
      });
    };
    const poster = new IdempotentPoster(await bot.start(), maybeKill);

    try {
      const ids = Array.from({ length: ALERTS }, (_, n) => `rel-${String(n).padStart(4, '0')}`);
      const poison = new Set(ids.filter((_, n) => n % POISON_EVERY === 7));
      const queue = [...ids];
      const postNext = async (): Promise<void> => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          const labels = poison.has(id) ? { poison: 'yes' } : { run: 'reliability' };
          await poster.post(
            { id, title: `reliability alert ${id}`, severity: 'warning', labels },
            deadline,
          );
        }
      };
      await Promise.all(Array.from({ length: 16 }, postNext));
      expect(poster.accepted.size).toBe(ALERTS);

      // Bounded wait for the outbox to drain: every delivery done or dead-lettered.
      let counts: OutboxCounts = { deliveries: -1, dead: -1 };
      while (Date.now() < deadline) {
        maybeKill();
        await restarting;
        counts = readOutbox(outbox);
        if (kills.length === killAt.length && counts.deliveries === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(kills).toEqual(['during intake', 'mid-delivery', 'late delivery']);
      expect(await bot.stop('SIGTERM')).toBe(0); // graceful: drains and exits 0

      const final = readOutbox(outbox);
      expect(final.deliveries).toBe(0);
      expect(final.alerts).toBe(0);
      expect(new Set(final.deadIds)).toEqual(poison);
      for (const error of final.deadErrors) expect(error).toContain('400');
      expect(receiver.badSignatures).toBe(0);
      const delivered = ids.filter((id) => !poison.has(id));
      expect(new Set(receiver.processed.keys())).toEqual(new Set(delivered));
      expect([...receiver.processed.values()].every((times) => times === 1)).toBe(true);
      // Redeliveries after the kills reached the receiver and were absorbed by its dedupe.
      expect(receiver.deliveries).toBeGreaterThanOrEqual(delivered.length);
    } finally {
      await bot.stop('SIGKILL');
      poster.close();
    }
  }, 120_000);
});
