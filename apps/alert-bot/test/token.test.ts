import { afterEach, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { signWebhook, decodeWebhookSecret } from '../src/index.js';
import { startTestBot, TEST_SECRET, type TestBot } from './support/testBot.js';

const TOKEN = 'intake-token-0123456789abcdef';
let test: TestBot | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

/** A request with an optional bearer token; resolves with status, code and Retry-After. */
function call(
  method: string,
  url: string,
  token?: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; code: unknown; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            code: text.startsWith('{') ? (JSON.parse(text) as { code?: unknown }).code : undefined,
            retryAfter: res.headers['retry-after'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the intake token', () => {
  it('is needed on every route but /healthz and the receiver; wrong ones are throttled, the right one always passes', async () => {
    test = await startTestBot({
      server: { port: 0, token: TOKEN },
      receiver: { enabled: true, secret: TEST_SECRET },
      channels: [
        { name: 'hooks', type: 'webhook', url: 'http://127.0.0.1:9/x', secret: TEST_SECRET },
      ],
    });
    const { url } = test.bot;
    const alert = JSON.stringify({ title: 'disk full' });
    expect(await call('POST', `${url}/alerts`, undefined, alert)).toMatchObject({
      status: 401,
      code: 'ALERT_UNAUTHORIZED',
    });
    expect((await call('GET', `${url}/status`)).status).toBe(401);
    expect((await call('GET', `${url}/metrics`, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await call('GET', `${url}/healthz`)).status).toBe(200);
    const body = '{"type":"alert.raised"}';
    const now = Math.floor(test.clock.now() / 1000);
    const signed = {
      'webhook-id': 'w1',
      'webhook-timestamp': String(now),
      'webhook-signature': signWebhook(decodeWebhookSecret(TEST_SECRET)!, 'w1', now, body),
    };
    expect((await call('POST', `${url}/receiver`, undefined, body, signed)).status).toBe(200);

    for (let i = 0; i < 2; i++) await call('POST', `${url}/alerts`, 'x'.repeat(20), alert);
    // Five wrong tokens in the minute so far: the sixth is throttled, the right one still passes.
    expect(await call('POST', `${url}/alerts`, 'y'.repeat(20), alert)).toMatchObject({
      status: 429,
      code: 'BALLAST_ERR_AUTH_THROTTLED',
      retryAfter: '60',
    });
    expect((await call('POST', `${url}/alerts`, TOKEN, alert)).status).toBe(202);
    expect((await call('GET', `${url}/status`, TOKEN)).status).toBe(200);
  });

  it('is not asked for when none is configured', async () => {
    test = await startTestBot({
      channels: [
        { name: 'hooks', type: 'webhook', url: 'http://127.0.0.1:9/x', secret: TEST_SECRET },
      ],
    });
    const alert = JSON.stringify({ title: 'disk full' });
    expect((await call('POST', `${test.bot.url}/alerts`, undefined, alert)).status).toBe(202);
  });
});
