import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@ballast/testing';
import { request } from 'node:http';
import { decodeWebhookSecret, type ReceivedWebhook, signWebhook } from '../src/index.js';
import { httpJson, startTestBot, TEST_SECRET, type TestBot } from './support/testBot.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startReceiving(options: { dir?: string; clock?: ManualClock } = {}) {
  const test: TestBot = await startTestBot(
    {
      receiver: { enabled: true, secret: TEST_SECRET },
      channels: [{ name: 'x', type: 'webhook', url: 'http://127.0.0.1:9/x', secret: TEST_SECRET }],
    },
    options,
  );
  cleanups.push(
    options.dir === undefined ? test.close : () => test.bot.stop().then(() => undefined),
  );
  const received: ReceivedWebhook[] = [];
  test.bot.receiver.onReceived = (webhook) => received.push(webhook);
  return { test, received };
}

/** Posts a webhook signed at `nowMs` to the bot's receiver; resolves with the status. */
async function deliver(url: string, id: string, nowMs: number): Promise<number> {
  const body = JSON.stringify({ type: 'alert.raised', data: { id } });
  const timestamp = Math.floor(nowMs / 1000);
  const signature = signWebhook(decodeWebhookSecret(TEST_SECRET)!, id, timestamp, body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/receiver`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the built-in receiver', () => {
  it('processes each webhook-id once, across a restart of the bot', async () => {
    const first = await startReceiving();
    const now = first.test.clock.now();
    expect(await deliver(first.test.bot.url, 'n-1', now)).toBe(200);
    expect(await deliver(first.test.bot.url, 'n-1', now)).toBe(200);
    expect(first.received.map((webhook) => [webhook.id, webhook.duplicate])).toEqual([
      ['n-1', false],
      ['n-1', true],
    ]);
    await first.test.bot.stop();

    const second = await startReceiving({ dir: first.test.dir, clock: new ManualClock(now) });
    // A redelivery after the restart (signed again, as a retrying sender does) is not processed again.
    expect(await deliver(second.test.bot.url, 'n-1', now + 60_000)).toBe(200);
    expect(await deliver(second.test.bot.url, 'n-2', now + 60_000)).toBe(200);
    expect(second.received.map((webhook) => [webhook.id, webhook.duplicate])).toEqual([
      ['n-1', true],
      ['n-2', false],
    ]);
  });

  it('refuses a bad signature or a timestamp outside the 5-minute tolerance with 401', async () => {
    const { test, received } = await startReceiving();
    const now = test.clock.now();
    expect(await deliver(test.bot.url, 'n-3', now - 301_000)).toBe(401);
    const { status } = await httpJson('POST', `${test.bot.url}/receiver`, { data: 1 });
    expect(status).toBe(400); // no webhook headers at all
    expect(received).toEqual([]);
  });

  it("answers refused webhooks as problem+json with the bot's own codes (they were a bare { ok: false })", async () => {
    const { test } = await startReceiving();
    const post = (headers: Record<string, string>) =>
      fetch(`${test.bot.url}/receiver`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close', ...headers },
        body: '{}',
      });
    const unsigned = await post({});
    const forged = await post({
      'webhook-id': 'n-4',
      'webhook-timestamp': String(Math.floor(test.clock.now() / 1000)),
      'webhook-signature': 'v1,AAAA',
    });
    for (const [answer, status, code] of [
      [unsigned, 400, 'ALERT_WEBHOOK_UNSIGNED'],
      [forged, 401, 'ALERT_WEBHOOK_SIGNATURE'],
    ] as const) {
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await answer.json()).toMatchObject({ status, code });
    }
  });
});
