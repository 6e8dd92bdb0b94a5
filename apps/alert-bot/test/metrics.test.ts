import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import { request } from 'node:http';
import { startTestBot, type TestBot, webhookChannel } from './support/testBot.js';

let chaos: ChaosServer;
let test: TestBot;

function scrape(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(`${url}/metrics`, { agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

/** The value of one series, e.g. `alert_bot_queue_depth{channel="ok",state="ready"}`. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((row) => row.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  chaos = await startChaosServer({
    faults: {
      routes: {
        'POST /down': { kind: 'respond', status: 503 },
        'POST /bad': { kind: 'respond', status: 400 },
      },
    },
  });
  test = await startTestBot({
    channels: [
      webhookChannel('ok', `${chaos.url}/ok`),
      webhookChannel('down', `${chaos.url}/down`),
      webhookChannel('bad', `${chaos.url}/bad`),
    ],
    grouping: { groupWaitMs: 1_000 },
  });
});
afterAll(async () => {
  await test.close();
  await chaos.close();
});

describe('GET /metrics', () => {
  it("serves the bot's delivery metrics beside ballast's, in Prometheus text", async () => {
    const { bot, clock } = test;
    bot.send({ title: 'disk full' });
    bot.send({ title: 'disk full' }); // the same alert again: one group
    let text = await scrape(bot.url);
    expect(value(text, 'alert_bot_alerts_accepted_total{result="new"}')).toBe(2);
    expect(value(text, 'alert_bot_groups{channel="ok"}')).toBe(1);

    await test.drive(1_000); // the group wait ends: one notification per channel
    text = await scrape(bot.url);
    expect(value(text, 'alert_bot_notifications_total{channel="ok",kind="new"}')).toBe(1);
    expect(value(text, 'alert_bot_delivery_attempts_total{channel="down"}')).toBe(1);
    expect(value(text, 'alert_bot_delivery_outcomes_total{channel="ok",outcome="delivered"}')).toBe(
      1,
    );
    expect(value(text, 'alert_bot_delivery_outcomes_total{channel="down",outcome="retry"}')).toBe(
      1,
    );
    expect(value(text, 'alert_bot_delivery_outcomes_total{channel="bad",outcome="dead"}')).toBe(1);
    // Delivered one group wait after the first alert was accepted.
    expect(value(text, 'alert_bot_delivery_latency_seconds_bucket{le="1",channel="ok"}')).toBe(1);
    expect(value(text, 'alert_bot_delivery_latency_seconds_bucket{le="0.5",channel="ok"}')).toBe(0);
    expect(value(text, 'alert_bot_queue_depth{channel="down",state="scheduled"}')).toBe(1);
    expect(value(text, 'alert_bot_dead_letters{channel="bad"}')).toBe(1);
    // ballast's exporter and the Node defaults share the registry.
    expect(text).toContain('ballast_circuitbreaker_state{');
    expect(text).toContain('process_cpu_user_seconds_total');

    // With the worker stopped, a notification due waits, and its wait shows.
    bot.worker.stopClaiming();
    bot.send({ title: 'cpu hot' });
    bot.outbox.flushDue(clock.now() + 1_000, () => bot.config.grouping);
    await clock.advanceAsync(1_500);
    text = await scrape(bot.url);
    expect(value(text, 'alert_bot_queue_depth{channel="ok",state="ready"}')).toBe(1);
    expect(value(text, 'alert_bot_oldest_ready_age_seconds{channel="ok"}')).toBe(0.5);
  });
});
