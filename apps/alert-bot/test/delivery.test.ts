import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChaosFaults, type ChaosServer, startChaosServer } from '@ballast/testing';
import { join } from 'node:path';
import { Outbox, readAlertBotConfig } from '../src/index.js';
import {
  alertIdsOf,
  readOutboxDb,
  startTestBot,
  type TestBot,
  webhookChannel,
} from './support/testBot.js';

let chaos: ChaosServer;
let test: TestBot | undefined;

const FAULTS: ChaosFaults = {
  routes: {
    'POST /gone': { kind: 'respond', status: 410 },
    'POST /down': { kind: 'respond', status: 503 },
    'POST /bad': { kind: 'respond', status: 400 },
    'POST /throttled': [{ kind: 'throttle', retryAfter: 30 }],
  },
};

beforeAll(async () => {
  chaos = await startChaosServer({ faults: FAULTS });
});
afterAll(() => chaos.close());
afterEach(async () => {
  await test?.close();
  test = undefined;
  chaos.setFaults(FAULTS);
  chaos.clearRequests();
});

function attemptsSpent(bot: TestBot): number[] {
  return readOutboxDb(bot.dir, (db) =>
    (
      db.prepare('SELECT attempts FROM notifications ORDER BY rowid').all() as {
        attempts: number;
      }[]
    ).map((row) => row.attempts),
  );
}

/** The alerts told of by the requests to `path`, in order (retries repeat them). */
function requestsTo(path: string): string[] {
  return alertIdsOf(chaos.requests, path);
}

describe('delivery', () => {
  it('disables a channel that answers 410 and sends nothing more to it', async () => {
    test = await startTestBot({ channels: [webhookChannel('hooks', `${chaos.url}/gone`)] });
    const { bot } = test;
    const first = bot.send({ title: 'disk full' });
    await test.drive();
    await test.drive();
    expect(bot.status().disabledChannels).toEqual({ hooks: expect.stringContaining('410') });
    bot.send({ title: 'disk fuller' });
    await test.drive();
    expect(requestsTo('/gone')).toEqual([first.id]);
    const dead = bot.outbox.deadLetters();
    expect(dead.map((letter) => [letter.channel, letter.title])).toEqual([
      ['hooks', 'disk fuller'],
      ['hooks', 'disk full'],
    ]);
    expect(dead[0]!.lastError).toContain('ALERT_CHANNEL_DISABLED');
    expect(dead[0]!.lastError).toContain('410');
  });

  it('moves the alerts of a channel disabled by 410 to its fallback', async () => {
    test = await startTestBot({
      channels: [
        webhookChannel('primary', `${chaos.url}/gone`, { fallback: 'backup' }),
        webhookChannel('backup', `${chaos.url}/backup`, { fallbackOnly: true }),
      ],
    });
    const { id } = test.bot.send({ title: 'disk full' });
    await test.drive();
    expect(requestsTo('/gone')).toEqual([id]);
    expect(requestsTo('/backup')).toEqual([id]);
    expect(test.bot.status()).toMatchObject({
      ready: 0,
      scheduled: 0,
      dead: 0,
      disabledChannels: { primary: expect.any(String) },
    });
  });

  it("sends through the fallback channel while the primary channel's breaker is open", async () => {
    const breaker = {
      windowSize: 2,
      minimumCalls: 2,
      failureRateThreshold: 50,
      openDuration: 60_000,
    };
    test = await startTestBot({
      channels: [
        webhookChannel('primary', `${chaos.url}/down`, { fallback: 'backup', breaker }),
        webhookChannel('backup', `${chaos.url}/backup`, { fallbackOnly: true }),
      ],
      delivery: { concurrency: 1 },
    });
    const { bot } = test;
    const a = bot.send({ title: 'a' });
    const b = bot.send({ title: 'b' });
    await test.drive(); // both fail on the primary (503): its breaker opens
    expect(requestsTo('/down')).toEqual([a.id, b.id]);
    expect(requestsTo('/backup')).toEqual([]);
    await test.drive(1_000); // the retries find the circuit open and go to the backup
    const c = bot.send({ title: 'c' });
    await test.drive();
    expect(requestsTo('/down')).toHaveLength(2);
    expect(requestsTo('/backup').sort()).toEqual([a.id, b.id, c.id].sort());
    expect(bot.status()).toMatchObject({ ready: 0, scheduled: 0, dead: 0, delivered: 3 });

    chaos.setFaults({}); // the primary recovers: after openDuration its half-open probe passes
    await test.drive(60_000);
    const d = bot.send({ title: 'd' });
    await test.drive();
    expect(requestsTo('/down')).toEqual([a.id, b.id, d.id]);
    expect(requestsTo('/backup')).toHaveLength(3);
  });

  it('keeps a Slack channel to its rate limit (one message a second) without spending attempts', async () => {
    test = await startTestBot({
      channels: [{ name: 'slack', type: 'slack', url: `${chaos.url}/slack` }],
    });
    const { bot } = test;
    for (const title of ['one', 'two', 'three']) bot.send({ title, message: `${title} happened` });
    await test.drive();
    expect(chaos.requests.filter((request) => request.path === '/slack')).toHaveLength(1);
    expect(attemptsSpent(test)).toEqual([0, 0]); // the two refused by the rate limit wait, unpunished
    await test.drive(1_000);
    expect(chaos.requests.filter((request) => request.path === '/slack')).toHaveLength(2);
    await test.drive(1_000);
    const texts = chaos.requests.map(
      (request) => (JSON.parse(request.body) as { text: string }).text,
    );
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/^\*\[WARNING\] \w+\*\n\w+ happened\n_source: api · id: g_/);
    expect(bot.status()).toMatchObject({ ready: 0, scheduled: 0, delivered: 3 });
  });

  it('dead-letters an alert after its last attempt, with the last error, and replay sends it again', async () => {
    test = await startTestBot({
      channels: [webhookChannel('hooks', `${chaos.url}/down`)],
      delivery: { retrySchedule: [1_000, 2_000] },
    });
    const { bot } = test;
    const { id } = bot.send({ title: 'disk full' });
    await test.drive();
    await test.drive(1_000);
    expect(bot.status()).toMatchObject({ scheduled: 1, dead: 0 });
    await test.drive(2_000);
    expect(requestsTo('/down')).toEqual([id, id, id]);
    expect(bot.status()).toMatchObject({ ready: 0, scheduled: 0, dead: 1 });
    const [letter] = bot.outbox.deadLetters();
    expect(letter).toMatchObject({ title: 'disk full', channel: 'hooks', attempts: 3 });
    expect(letter!.lastError).toContain('answered 503');

    chaos.setFaults({}); // the endpoint recovers
    expect(bot.replay()).toBe(1);
    await test.drive();
    expect(requestsTo('/down')).toEqual([id, id, id, id]);
    expect(bot.status()).toMatchObject({ ready: 0, dead: 0, delivered: 1 });
  });

  it('dead-letters at once on a permanent 4xx', async () => {
    test = await startTestBot({ channels: [webhookChannel('hooks', `${chaos.url}/bad`)] });
    const { id } = test.bot.send({ title: 'disk full' });
    await test.drive();
    expect(requestsTo('/bad')).toEqual([id]);
    expect(test.bot.outbox.deadLetters()).toEqual([
      expect.objectContaining({
        title: 'disk full',
        attempts: 1,
        lastError: expect.stringContaining('answered 400'),
      }),
    ]);
  });

  it('persists the next attempt time, honouring Retry-After over the shorter schedule', async () => {
    test = await startTestBot({ channels: [webhookChannel('hooks', `${chaos.url}/throttled`)] });
    const { bot, clock } = test;
    const { id } = bot.send({ title: 'disk full' });
    const sentAt = clock.now();
    await test.drive();
    const row = readOutboxDb(
      test.dir,
      (db) =>
        db
          .prepare(
            `SELECT attempts, next_attempt_at, last_error FROM notifications
             WHERE json_extract(payload, '$.group.latest.id') = ?`,
          )
          .get(id) as { attempts: number; next_attempt_at: number; last_error: string },
    );
    expect(row.attempts).toBe(1);
    expect(row.next_attempt_at).toBe(sentAt + 30_000);
    expect(row.last_error).toContain('answered 429');
    await test.drive(29_000);
    expect(requestsTo('/throttled')).toEqual([id]);
    await test.drive(1_000);
    expect(requestsTo('/throttled')).toEqual([id, id]);
    expect(bot.status()).toMatchObject({ ready: 0, scheduled: 0, delivered: 1 });
  });

  it('sends again a delivery leased by a worker that crashed, once the lease ends', async () => {
    const first = await startTestBot({ channels: [webhookChannel('hooks', `${chaos.url}/hooks`)] });
    const { dir, clock } = first;
    await first.bot.stop();
    const outbox = Outbox.open(join(dir, 'data', 'outbox.db'));
    const grouping = readAlertBotConfig({ grouping: { groupWaitMs: 0 } }).grouping;
    const { id } = outbox.accept(
      { title: 'disk full' },
      'test',
      [{ channel: 'hooks', grouping }],
      clock.now(),
    );
    outbox.flushDue(clock.now(), () => grouping);
    // Another live process's worker (not on this host): its lease is waited out.
    expect(outbox.claim('elsewhere:1:w', 'hooks', clock.now(), 10, 5_000)).toHaveLength(1);
    outbox.close();

    test = await startTestBot(
      { channels: [webhookChannel('hooks', `${chaos.url}/hooks`)] },
      { dir, clock },
    );
    await test.drive();
    expect(requestsTo('/hooks')).toEqual([]);
    await test.drive(5_000);
    expect(requestsTo('/hooks')).toEqual([id]);
    expect(test.bot.status()).toMatchObject({ ready: 0, leased: 0, delivered: 1 });
  });
});
