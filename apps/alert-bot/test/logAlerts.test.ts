import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import { notificationOf, startTestBot, webhookChannel } from './support/testBot.js';

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
      // The deduper's window ends: the folded repeat is one more alert of the same group, told
      // at the group interval.
      await test.drive(60_000);
      expect(receiver.requests).toHaveLength(1);
      await test.drive(240_000);
      const later = receiver.requests.map(notificationOf);
      expect(later.map((notification) => [notification.kind, notification.group.count])).toEqual([
        ['new', 1],
        ['update', 2],
      ]);
      expect(later[1]!.message).toContain('1 occurrence(s)');
    } finally {
      await test.close();
    }
  });
});
