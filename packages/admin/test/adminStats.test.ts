import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MemoryAlertSink } from '@ballast/safe-log';
import { ManualClock } from '@ballast/testing';
import { errorRateAbove } from '../src/index.js';
import { type AdminFixture, call, startFixture } from './adminFixtures.js';

describe('Admin API: statistics and alerts', () => {
  let fixture: AdminFixture;
  let alerts: MemoryAlertSink;

  beforeEach(async () => {
    alerts = new MemoryAlertSink(10);
    fixture = await startFixture(() => ({ alerts }));
  });

  afterEach(() => fixture.close());

  it('gives call rate, error rate and latency percentiles per woven method', async () => {
    // A hand-driven clock: calls take 0 ms and the window is exactly one sampling interval.
    const clock = new ManualClock();
    await fixture.close();
    fixture = await startFixture(() => ({ alerts }), { clock });
    await fixture.payments.charge(1);
    fixture.payments.healthy = false;
    await expect(fixture.payments.charge(2)).rejects.toThrow();
    await fixture.payments.record('alice');
    clock.advance(1_000);
    const { status, body } = await call(fixture.admin, 'GET', '/api/stats');
    expect(status).toBe(200);
    expect(body.services.map((s: { name: string }) => s.name)).toEqual([
      'Payments.charge',
      'Payments.record',
    ]);
    const charge = body.services[0];
    expect(charge.totals).toEqual({ success: 1, error: 1, timeout: 0, swallowed: 0 });
    expect(charge.errorRate).toBe(0.5);
    expect(charge.callRate).toBeGreaterThan(0);
    expect(charge.windowSeconds).toBeGreaterThan(0);
    expect(charge.latency.p50).toBeGreaterThanOrEqual(0);
    expect(charge.latency.p99).toBeGreaterThanOrEqual(charge.latency.p50);
    expect(charge.latency.p99).toBeLessThanOrEqual(0.005); // 0 ms calls fall in the first bucket
    expect(body.breakers.map((b: { name: string }) => b.name)).toEqual(['payments', 'ledger']);
    expect(body.breakers[0]).toMatchObject({
      state: 'CLOSED',
      calls: { successful: 1, failed: 1 },
    });
  });

  it('serves as the error-rate reader of the runbook condition, per method or per class', async () => {
    await fixture.payments.charge(1);
    fixture.payments.healthy = false;
    await expect(fixture.payments.charge(2)).rejects.toThrow();
    await fixture.payments.record('alice');
    const statistics = fixture.admin.statistics;
    expect(statistics.errorRate('Payments.charge')).toBe(0.5);
    expect(statistics.errorRate('Payments')).toBeCloseTo(1 / 3, 10);
    expect(statistics.errorRate('Nobody')).toBeUndefined();
    const probe = errorRateAbove(statistics).create({
      service: 'Payments.charge',
      percent: 50,
      forSeconds: 0,
    });
    expect(probe.holds(Date.now())).toBe(true);
  });

  it('lists the breaker transitions with the statistics', async () => {
    await fixture.payments.charge(1);
    fixture.payments.healthy = false;
    for (let i = 0; i < 2; i++) await expect(fixture.payments.charge(i)).rejects.toThrow();
    const { body } = await call(fixture.admin, 'GET', '/api/stats');
    expect(body.breakerTransitions).toEqual([
      expect.objectContaining({ name: 'payments', from: 'CLOSED', to: 'OPEN' }),
    ]);
  });

  it('returns recent alerts newest first, up to the limit', async () => {
    for (let i = 0; i < 3; i++) {
      alerts.send({
        fingerprint: `f${i}`,
        message: `failure ${i}`,
        source: 'Payments.charge',
        errorName: 'Error',
        code: undefined,
        count: 1,
        firstSeen: i,
        lastSeen: i,
      });
    }
    const { body } = await call(fixture.admin, 'GET', '/api/alerts/recent?limit=2');
    expect(body.configured).toBe(true);
    expect(body.alerts.map((a: { message: string }) => a.message)).toEqual([
      'failure 2',
      'failure 1',
    ]);
  });
});
