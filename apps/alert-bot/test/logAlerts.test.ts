import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import { startTestBot, webhookChannel } from './support/testBot.js';

let receiver: ChaosServer;
beforeAll(async () => {
  receiver = await startChaosServer();
});
afterAll(() => receiver.close());

describe('error logs become alerts (safe-log AlertSink)', () => {
  it('turns error lines into deduplicated alerts delivered like any other', async () => {
    const test = await startTestBot({
      channels: [webhookChannel('ops', `${receiver.url}/ops`)],
      logging: { errorAlerts: true },
    });
    try {
      const error = Object.assign(new Error('connection refused by db-1:5432'), {
        code: 'ECONNREFUSED',
      });
      test.bot.logger.log('error', 'payment capture failed', { error });
      test.bot.logger.log('error', 'payment capture failed', { error }); // same fingerprint: folded
      test.bot.logger.log('warn', 'slow query');
      await test.drive();
      const alerts = receiver.requests.map(
        (request) => (JSON.parse(request.body) as { data: Record<string, unknown> }).data,
      );
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        severity: 'critical',
        source: 'log',
        title: 'alert-bot: connection refused by db-1:5432',
        labels: { fingerprint: expect.any(String) },
      });
      await test.drive(60_000); // the deduper's window ends: the folded repeat arrives as one alert
      const later = receiver.requests.map(
        (request) => (JSON.parse(request.body) as { data: { message: string } }).data.message,
      );
      expect(later).toHaveLength(2);
      expect(later[1]).toContain('1 occurrence(s)');
    } finally {
      await test.close();
    }
  });
});
