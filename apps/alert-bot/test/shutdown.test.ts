import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock, startChaosServer } from '@ballast/testing';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Outbox } from '../src/index.js';
import {
  alertIdsOf,
  httpJson,
  startTestBot,
  type TestBot,
  webhookChannel,
} from './support/testBot.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A receiver that holds every request until the test answers it. */
async function holdingReceiver(): Promise<{ url: string; arrived: Promise<ServerResponse> }> {
  let onArrival: (res: ServerResponse) => void = () => undefined;
  const arrived = new Promise<ServerResponse>((resolve) => (onArrival = resolve));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => onArrival(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, arrived };
}

describe('graceful shutdown', () => {
  it('stops taking alerts, waits for the delivery in flight and records it', async () => {
    const receiver = await holdingReceiver();
    const test: TestBot = await startTestBot({ channels: [webhookChannel('hooks', receiver.url)] });
    cleanups.push(async () => {
      await test.bot.stop();
    });
    const { bot, dir } = test;
    const intake = bot.url;
    bot.send({ title: 'disk full' });
    await test.clock.advanceAsync(0);
    const response = await receiver.arrived;
    const stopping = bot.stop();
    expect(bot.worker.inFlight).toBe(1);
    await expect(httpJson('POST', `${intake}/alerts`, { title: 'too late' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    response.end('ok');
    await expect(stopping).resolves.toBe(true);

    const outbox = Outbox.open(join(dir, 'data', 'outbox.db'));
    try {
      expect(outbox.status(test.clock.now())).toMatchObject({
        ready: 0,
        scheduled: 0,
        leased: 0,
        delivered: 1,
      });
    } finally {
      outbox.close();
    }
  });

  it('gives up waiting after drainTimeoutMs, and the attempt in flight still times out', async () => {
    const receiver = await holdingReceiver();
    const test = await startTestBot({
      channels: [webhookChannel('hooks', receiver.url)],
      delivery: { drainTimeoutMs: 500, retrySchedule: [] },
    });
    cleanups.push(test.close);
    const { bot } = test;
    bot.send({ title: 'disk full' });
    await test.clock.advanceAsync(0);
    const response = await receiver.arrived;
    const stopping = bot.worker.stop();
    await test.clock.advanceAsync(500);
    await expect(stopping).resolves.toBe(false);
    expect(bot.worker.inFlight).toBe(1);
    // The drain timer ran and was then cancelled: the attempt's Timeout must still fire on time
    // (not undici's own limit later), and with no retries left the alert is dead-lettered.
    await test.clock.advanceAsync(500);
    await bot.worker.whenIdle();
    expect(bot.outbox.deadLetters().map((letter) => letter.lastError)).toEqual([
      expect.stringMatching(/^BALLAST_ERR_TIMEOUT: /),
    ]);
    response.end('ok');
  });

  it('resumes from the outbox after a restart: the retry scheduled before the stop goes out', async () => {
    const chaos = await startChaosServer({
      faults: { routes: { 'POST /hooks': [{ kind: 'respond', status: 503 }] } },
    });
    cleanups.push(() => chaos.close());
    const channels = [webhookChannel('hooks', `${chaos.url}/hooks`)];
    const first = await startTestBot({ channels });
    cleanups.push(first.close);
    const { id } = first.bot.send({ title: 'disk full' });
    await first.drive(); // 503: the retry is due in 1 s, recorded in the outbox
    await first.bot.stop();

    const second = await startTestBot(
      { channels },
      { dir: first.dir, clock: new ManualClock(first.clock.now()) },
    );
    cleanups.push(async () => {
      await second.bot.stop();
    });
    await second.drive(999);
    expect(chaos.requests).toHaveLength(1);
    await second.drive(1);
    expect(alertIdsOf(chaos.requests)).toEqual([id, id]);
    expect(new Set(chaos.requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
    expect(second.bot.status()).toMatchObject({ ready: 0, scheduled: 0, delivered: 1 });
  });
});
