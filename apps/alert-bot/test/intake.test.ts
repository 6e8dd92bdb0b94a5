import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import {
  httpJson,
  readOutboxDb,
  startTestBot,
  type TestBot,
  webhookChannel,
} from './support/testBot.js';

let chaos: ChaosServer;
let test: TestBot;

beforeAll(async () => {
  chaos = await startChaosServer({
    faults: { routes: { 'POST /down': { kind: 'respond', status: 503 } } },
  });
});
afterAll(() => chaos.close());
afterEach(async () => {
  await test.close();
  chaos.clearRequests();
});

async function startWith(route: string, server: Record<string, unknown> = {}): Promise<TestBot> {
  test = await startTestBot({
    channels: [webhookChannel('hooks', `${chaos.url}${route}`)],
    server: { port: 0, ...server },
  });
  return test;
}

describe('POST /alerts', () => {
  it.each([
    [{}, 'title'],
    [{ title: '' }, 'title'],
    [{ title: 'disk full', severity: 'loud' }, 'severity'],
    [{ title: 'disk full', message: 42 }, 'message'],
    [{ title: 'disk full', labels: { env: 5 } }, 'labels.env'],
    [{ title: 'disk full', labels: [] }, 'labels'],
    [{ title: 'disk full', id: 'has spaces' }, 'id'],
    [{ title: 'disk full', colour: 'red' }, 'colour'],
    [[1, 2], ''],
  ])('answers 400 ALERT_INVALID naming the bad field for %j', async (body, field) => {
    const { bot } = await startWith('/ok');
    const { status, json } = await httpJson('POST', `${bot.url}/alerts`, body);
    expect(status).toBe(400);
    expect(json).toMatchObject({ type: 'about:blank', status: 400, code: 'ALERT_INVALID' });
    expect(json.errors).toContainEqual(expect.objectContaining({ field }));
    expect(bot.status().groups).toBe(0);
  });

  it('counts title characters as users do: 200 emoji fit, 201 do not', async () => {
    const { bot } = await startWith('/ok');
    const family = '👩‍👩‍👧‍👦'; // one character, 11 UTF-16 units
    const fits = await httpJson('POST', `${bot.url}/alerts`, { title: '🔥'.repeat(199) + family });
    expect(fits.status).toBe(202);
    const over = await httpJson('POST', `${bot.url}/alerts`, { title: '🔥'.repeat(201) });
    expect(over).toMatchObject({ status: 400, json: { code: 'ALERT_INVALID' } });
    expect(over.json.errors).toEqual([
      { field: 'title', detail: 'must have at most 200 characters' },
    ]);
    expect(() => bot.send({ title: 'x', message: '🔥'.repeat(4_001) })).toThrow(
      /"message" must have at most 4000 characters/,
    );
  });

  it('answers 400 for bad JSON or bytes that are not UTF-8, 415 for text/plain, and stores nothing', async () => {
    const { bot } = await startWith('/ok');
    const notJson = await httpJson('POST', `${bot.url}/alerts`, '{not json');
    expect(notJson).toMatchObject({ status: 400, json: { code: 'BALLAST_ERR_REQUEST_INVALID' } });
    const latin1 = Buffer.from('{"title":"caf\xe9"}', 'latin1');
    const notUtf8 = await httpJson('POST', `${bot.url}/alerts`, latin1);
    expect(notUtf8).toMatchObject({
      status: 400,
      json: { detail: 'The body is not valid UTF-8.' },
    });
    const text = await httpJson('POST', `${bot.url}/alerts`, '{"title":"disk full"}', 'text/plain');
    expect(text).toMatchObject({ status: 415, json: { code: 'BALLAST_ERR_REQUEST_MEDIA_TYPE' } });
    expect(bot.status().groups).toBe(0);
  });

  it('stores the alert in the outbox (on disk, WAL) before answering 202', async () => {
    const { bot } = await startWith('/down');
    const { status, json } = await httpJson('POST', `${bot.url}/alerts`, {
      title: 'disk full',
      severity: 'critical',
      labels: { host: 'db-1' },
    });
    expect(status).toBe(202);
    // A second connection sees the committed alert, in its group, the moment the 202 arrives.
    readOutboxDb(test.dir, (db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT id FROM accepted').all()).toEqual([{ id: json.id }]);
      const rows = db.prepare('SELECT channel, state FROM groups').all() as {
        channel: string;
        state: string;
      }[];
      expect(rows.map((row) => row.channel)).toEqual(['hooks']);
      expect(JSON.parse(rows[0]!.state)).toMatchObject({
        count: 1,
        first: {
          id: json.id,
          title: 'disk full',
          severity: 'critical',
          source: 'http',
          labels: { host: 'db-1' },
        },
      });
    });
  });

  it('stores an alert sent twice with the same id once', async () => {
    const { bot } = await startWith('/down');
    const first = await httpJson('POST', `${bot.url}/alerts`, {
      id: 'deploy-42',
      title: 'deploy failed',
    });
    const second = await httpJson('POST', `${bot.url}/alerts`, {
      id: 'deploy-42',
      title: 'deploy failed',
    });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(first.json).toEqual({ id: 'deploy-42', duplicate: false });
    expect(second.json).toEqual({ id: 'deploy-42', duplicate: true });
    await test.drive();
    expect(chaos.requests).toHaveLength(1);
  });

  it('answers 503 and acknowledges nothing when the outbox cannot store the alert', async () => {
    const { bot } = await startWith('/down');
    bot.outbox.close();
    const { status, json } = await httpJson('POST', `${bot.url}/alerts`, { title: 'disk full' });
    expect(status).toBe(503);
    expect(json).toMatchObject({ code: 'ALERT_NOT_STORED' });
    expect(json).not.toHaveProperty('id');
  });

  it('refuses a body over server.bodyLimit with 413', async () => {
    const { bot } = await startWith('/down', { bodyLimit: 1_024 });
    const { status, json } = await httpJson('POST', `${bot.url}/alerts`, {
      title: 'x',
      message: 'y'.repeat(2_000),
    });
    expect(status).toBe(413);
    expect(json).toMatchObject({ code: 'BALLAST_ERR_REQUEST_TOO_LARGE' });
  });

  it('reports queue depths on GET /status', async () => {
    const { bot } = await startWith('/down');
    await httpJson('POST', `${bot.url}/alerts`, { title: 'disk full' });
    await test.drive(); // first attempt fails (503): now scheduled for a retry
    const { status, json } = await httpJson('GET', `${bot.url}/status`);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      groups: 1,
      ready: 0,
      scheduled: 1,
      leased: 0,
      dead: 0,
      byChannel: { hooks: { scheduled: 1 } },
    });
  });
});
