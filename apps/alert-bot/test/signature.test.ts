import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import { createHmac } from 'node:crypto';
import { decodeWebhookSecret, signWebhook, verifyWebhook } from '../src/index.js';
import { notificationOf, startTestBot, TEST_SECRET, webhookChannel } from './support/testBot.js';

/** The spec's formula, written out independently of the bot's code. */
function referenceSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.split('_')[1]!, 'base64');
  return 'v1,' + createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

describe('Standard Webhooks signatures', () => {
  it('matches the known vector of the Standard Webhooks reference libraries', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    const signature = signWebhook(decodeWebhookSecret(secret)!, id, 1614265330, body);
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(signature).toBe(referenceSignature(secret, id, 1614265330, body));
  });

  it('rejects malformed secrets and keys outside 24 to 64 bytes', () => {
    expect(decodeWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBeUndefined();
    expect(decodeWebhookSecret('whsec_not base64!')).toBeUndefined();
    expect(decodeWebhookSecret('whsec_' + Buffer.alloc(16).toString('base64'))).toBeUndefined();
    expect(decodeWebhookSecret('whsec_' + Buffer.alloc(65).toString('base64'))).toBeUndefined();
    expect(decodeWebhookSecret(TEST_SECRET)?.length).toBe(33);
  });

  it('verifies a signature only for the same id, timestamp and body, within the tolerance', () => {
    const key = decodeWebhookSecret(TEST_SECRET)!;
    const signature = signWebhook(key, 'alert_1', 1_700_000_000, '{"a":1}');
    const headers = { id: 'alert_1', timestamp: '1700000000', signature: `v1,bogus ${signature}` };
    expect(verifyWebhook(key, headers, '{"a":1}', 1_700_000_100)).toBe(true);
    expect(verifyWebhook(key, headers, '{"a":2}', 1_700_000_100)).toBe(false);
    expect(verifyWebhook(key, { ...headers, id: 'alert_2' }, '{"a":1}', 1_700_000_100)).toBe(false);
    expect(verifyWebhook(key, headers, '{"a":1}', 1_700_001_000)).toBe(false); // replayed 1000 s later
  });
});

describe('signed deliveries', () => {
  let chaos: ChaosServer;
  beforeAll(async () => {
    chaos = await startChaosServer({
      faults: { routes: { 'POST /hooks': [{ kind: 'respond', status: 503 }] } },
    });
  });
  afterAll(() => chaos.close());

  it('sends webhook-id (stable across retries), webhook-timestamp and a signature the receiver can check', async () => {
    const test = await startTestBot({ channels: [webhookChannel('hooks', `${chaos.url}/hooks`)] });
    try {
      const { id } = test.bot.send({ title: 'disk full' });
      await test.drive(); // 503
      await test.drive(1_000); // retried: 200
      expect(chaos.requests.map((request) => request.fault)).toEqual(['respond', 'respond']);
      const [first, second] = chaos.requests;
      const notificationId = notificationOf(first!).id;
      for (const request of [first!, second!]) {
        const timestamp = Number(request.headers['webhook-timestamp']);
        expect(request.headers['webhook-id']).toBe(notificationId);
        expect(request.headers['webhook-signature']).toBe(
          referenceSignature(TEST_SECRET, notificationId, timestamp, request.body),
        );
        expect(JSON.parse(request.body)).toMatchObject({
          type: 'alert.raised',
          data: {
            id: notificationId,
            title: 'disk full',
            severity: 'warning',
            group: { count: 1, first: { id }, latest: { id } },
          },
        });
      }
      // Each attempt is signed at its own time; the id never changes.
      expect(
        Number(second!.headers['webhook-timestamp']) - Number(first!.headers['webhook-timestamp']),
      ).toBe(1);
      expect(test.bot.status()).toMatchObject({ ready: 0, scheduled: 0, delivered: 1 });
    } finally {
      await test.close();
    }
  });
});
