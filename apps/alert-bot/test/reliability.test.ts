import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertBotProcess } from './support/AlertBotProcess.js';
import { DedupingReceiver } from './support/DedupingReceiver.js';
import { IdempotentPoster } from './support/idempotentPoster.js';

const ALERTS = 2_000;
const RATE_PER_S = 25;
const POISON_EVERY = 100; // 20 alerts the receiver refuses for good (400): the only allowed dead letters
const SECRET = 'whsec_' + Buffer.from('reliability-test-signing-key-0001').toString('base64');
const KEY = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
/**
 * How long delivery may take after the last alert was accepted: the bounded drain. About 45 %
 * of requests fail here, so a few alerts in a run need 12 or more attempts; the default schedule
 * puts attempt 16 about 100 s after the first (13 fit in 45 s). With 120 s, an alert misses the
 * drain only after 16 failures in a row (0.46^16 ≈ 4e-6 per alert) or if it is stuck.
 */
const DRAIN_MS = 120_000;

function readOutbox(file: string): { queued: number; dead: { id: string; lastError: string }[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const queued = (db.prepare('SELECT count(*) AS n FROM notifications').get() as { n: number }).n;
    const dead = db
      .prepare(
        "SELECT json_extract(payload, '$.group.first.id') AS id, last_error AS lastError FROM dead_letters",
      )
      .all() as { id: string; lastError: string }[];
    return { queued, dead };
  } finally {
    db.close();
  }
}

/** Where each of `ids` is in the outbox: queued (with its attempts), in an open group, or dead. */
function whereIn(file: string, ids: readonly string[]): Record<string, unknown>[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const queued = db.prepare(
      `SELECT attempts, next_attempt_at - ? AS dueInMs, lease_until - ? AS leasedForMs, last_error AS lastError
      FROM notifications WHERE json_extract(payload, '$.group.first.id') = ?`,
    );
    const grouped = db.prepare(
      "SELECT next_flush_at - ? AS flushInMs FROM groups WHERE json_extract(state, '$.first.id') = ?",
    );
    const accepted = db.prepare('SELECT accepted_at AS acceptedAt FROM accepted WHERE id = ?');
    const now = Date.now();
    return ids.map((id) => ({
      id,
      accepted: accepted.get(id) ?? null,
      queued: queued.all(now, now, id),
      grouped: grouped.all(now, id),
    }));
  } finally {
    db.close();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

let dir: string;
let chaos: ChaosServer;
const receiver = new DedupingReceiver(KEY);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alert-bot-reliability-'));
  // The chaos profile of issue 19: 30 % 5xx, 10 % hangs, 5 % connection resets.
  chaos = await startChaosServer({
    faults: {
      rates: [
        { fault: { kind: 'respond', status: 503 }, rate: 0.3 },
        { fault: { kind: 'hang' }, rate: 0.1 },
        { fault: { kind: 'reset' }, rate: 0.05 },
      ],
      seed: 20_261_122,
      respond: (request) => receiver.respond(request),
    },
  });
});

afterAll(async () => {
  await chaos.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('alert-bot under chaos, with its default settings (child process, SIGKILL three times)', () => {
  it('delivers every acknowledged alert once to a deduping receiver, within the bounded drain; only permanent refusals are dead letters', async () => {
    const configFile = join(dir, 'config.json');
    // Only what a deployment must say: where data lives, where to listen, where to deliver.
    writeFileSync(
      configFile,
      JSON.stringify({
        dataDir: join(dir, 'data'),
        server: { port: 0 },
        receiver: { enabled: false },
        channels: [
          { name: 'chaos', type: 'webhook', url: `${chaos.url}/hooks/alerts`, secret: SECRET },
        ],
        logging: { level: 'warn', errorAlerts: false },
      }),
    );
    const outbox = join(dir, 'data', 'outbox.db');
    const bot = new AlertBotProcess(configFile);
    const kills: string[] = [];
    const killAt = [
      { when: () => poster.accepted.size >= 500, what: 'early' },
      { when: () => poster.accepted.size >= 1_100, what: 'middle' },
      { when: () => poster.accepted.size >= 1_700, what: 'late' },
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
    const ids = Array.from({ length: ALERTS }, (_, n) => `rel-${String(n).padStart(4, '0')}`);
    const poison = new Set(ids.filter((_, n) => n % POISON_EVERY === 7));
    const delivered = ids.filter((id) => !poison.has(id));

    try {
      // 25 alerts a second, each with its own title: 2,000 groups of one alert.
      const started = Date.now();
      const posts: Promise<void>[] = [];
      for (const [n, id] of ids.entries()) {
        await sleep(started + (n * 1_000) / RATE_PER_S - Date.now());
        const labels = poison.has(id) ? { poison: 'yes' } : { run: 'reliability' };
        posts.push(
          poster.post(
            { id, title: `reliability alert ${id}`, severity: 'warning', labels },
            started + 120_000,
          ),
        );
      }
      await Promise.all(posts);
      await restarting;
      expect(poster.accepted.size).toBe(ALERTS);
      expect(kills).toEqual(['early', 'middle', 'late']);

      // The bounded drain: every alert delivered or dead-lettered, the queue empty.
      const drainEnds = Date.now() + DRAIN_MS;
      let state = readOutbox(outbox);
      while (Date.now() < drainEnds) {
        state = readOutbox(outbox);
        if (state.queued === 0 && receiver.processed.size === delivered.length) break;
        await sleep(100);
      }
      const lost = delivered.filter((id) => !receiver.processed.has(id));
      const latencies = [...receiver.timings.values()]
        .map(({ acceptedAt, processedAt }) => processedAt - acceptedAt)
        .sort((a, b) => a - b);
      console.log(
        `chaos run: ${JSON.stringify({
          delivered: receiver.processed.size,
          lost: lost.length,
          p50_ms: percentile(latencies, 0.5),
          p99_ms: percentile(latencies, 0.99),
          max_ms: latencies.at(-1),
          attempts: receiver.deliveries,
          requests: chaos.requests.length,
        })}`,
      );
      expect(whereIn(outbox, lost)).toEqual([]); // where an undelivered alert is, if any
      expect(state.queued).toBe(0);
      expect(await bot.stop('SIGTERM')).toBe(0); // graceful: drains and exits 0

      const final = readOutbox(outbox);
      expect(final.queued).toBe(0);
      expect(new Set(final.dead.map((letter) => letter.id))).toEqual(poison);
      for (const letter of final.dead) expect(letter.lastError).toContain('400');
      expect(receiver.badSignatures).toBe(0);
      expect(new Set(receiver.processed.keys())).toEqual(new Set(delivered));
      expect(receiver.processedTwice()).toEqual([]);
    } finally {
      await bot.stop('SIGKILL');
      poster.close();
    }
  }, 250_000);
});
