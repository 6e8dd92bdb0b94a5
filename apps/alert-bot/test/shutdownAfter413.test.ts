import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertBotProcess } from './support/AlertBotProcess.js';
import { httpJson, TEST_SECRET } from './support/testBot.js';

const CONCURRENCY = 16; // the default: attempts that may be on the wire when the signal lands

let dir: string;
let receiver: ChaosServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alert-bot-413-'));
  // Every delivery fails fast, so the bot keeps retrying while the test runs (its breaker is
  // kept closed below).
  receiver = await startChaosServer({
    faults: { rates: [{ fault: { kind: 'respond', status: 503 }, rate: 1 }] },
  });
});
afterAll(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a chunked POST larger than the body limit and resolves with its (413) answer; the request stays open. */
async function oversizedChunkedPost(
  url: string,
): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  const req = request(`${url}/alerts`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
  });
  req.on('error', () => undefined); // the bot cuts this connection when it stops
  const answered = once(req, 'response') as Promise<[IncomingMessage]>;
  req.write(`{"title":"${'x'.repeat(2_048)}`);
  const [res] = await answered;
  res.resume();
  return { req, res };
}

describe('shutdown after an oversized chunked POST (regression: Ctrl-C kept sending deliveries for 5 s)', () => {
  it('claims nothing from the signal on and exits while the client still holds its request open', async () => {
    const configFile = join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        dataDir: join(dir, 'data'),
        // A client gets 10 minutes to send its body: waiting for it would hold the stop that long.
        server: { port: 0, bodyLimit: 1_024, requestTimeoutMs: 600_000 },
        receiver: { enabled: false },
        grouping: { groupWaitMs: 0 },
        channels: [
          {
            name: 'hooks',
            type: 'webhook',
            url: `${receiver.url}/hooks`,
            secret: TEST_SECRET,
            breaker: { windowSize: 10_000, minimumCalls: 10_000 }, // never opens here
          },
        ],
        logging: { level: 'warn', errorAlerts: false },
      }),
    );
    const bot = new AlertBotProcess(configFile);
    const url = await bot.start();
    try {
      for (let n = 0; n < 100; n++) {
        expect((await httpJson('POST', `${url}/alerts`, { title: `alert ${n}` })).status).toBe(202);
      }
      await receiver.waitForRequests(150); // deliveries and their retries are under way

      const { req, res } = await oversizedChunkedPost(url);
      expect(res.statusCode).toBe(413);
      const before = receiver.requests.length;
      expect(await bot.stop('SIGINT')).toBe(0);
      expect(req.writableEnded).toBe(false); // the client never finished: the stop did not wait for it
      expect(receiver.requests.length - before).toBeLessThanOrEqual(CONCURRENCY);
      expect(bot.stdout).toContain('alert-bot: SIGINT, claiming nothing more');
      expect(bot.stdout).toMatch(/alert-bot: stopped/);
      req.destroy();
    } finally {
      await bot.stop('SIGKILL');
    }
  }, 60_000);
});
