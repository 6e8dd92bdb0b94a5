import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import { ReceiverLog } from '../src/ReceiverLog.js';
import { UPSTREAM_PATHS, upstreamFaults } from '../src/upstreamFaults.js';

const alertBody = JSON.stringify({
  type: 'alert.raised',
  data: { title: 'inventory is down', severity: 'critical', source: 'inspection' },
});

describe('ReceiverLog with the chaos upstream', () => {
  let chaos: ChaosServer;
  let log: ReceiverLog;
  const faultsFor = (mode: 'healthy' | 'failing') =>
    upstreamFaults(mode, (request) => log.answered(request));
  const deliver = async (path: string, id: string): Promise<number> => {
    const response = await fetch(`${chaos.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id },
      body: alertBody,
    });
    await response.arrayBuffer();
    return response.status;
  };

  beforeEach(async () => {
    log = new ReceiverLog();
    chaos = await startChaosServer({ faults: faultsFor('failing') });
  });

  afterEach(async () => {
    await chaos.close();
  });

  it('feeds the dashboard only alerts that got through, and counts every repeat of an id as a redelivery', async () => {
    expect(await deliver(UPSTREAM_PATHS.opsHook, 'alert-1')).toBe(503);
    expect(log.alerts).toEqual([]);

    chaos.setFaults(faultsFor('healthy'));
    expect(await deliver(UPSTREAM_PATHS.opsHook, 'alert-1')).toBe(200);
    log.drain(chaos);

    expect(log.alerts).toEqual([
      expect.objectContaining({
        fingerprint: 'alert-1',
        message: '[critical] inventory is down',
        source: 'inspection → ops',
        count: 1,
      }),
    ]);
    expect({ attempts: log.attempts, redeliveries: log.redeliveries }).toEqual({
      attempts: 2,
      redeliveries: 1,
    });
    expect(chaos.requests).toEqual([]);
  });

  it('keeps the backup receiver healthy during the outage, so the fallback channel delivers', async () => {
    expect(await deliver(UPSTREAM_PATHS.backupHook, 'alert-2')).toBe(200);
    expect(await deliver(UPSTREAM_PATHS.stock, 'not-a-hook')).toBe(503);

    expect(log.alerts.map((alert) => alert.source)).toEqual(['inspection → backup']);
  });
});
