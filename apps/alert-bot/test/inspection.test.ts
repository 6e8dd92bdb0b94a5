import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { breakerRegistry } from '@ballast/resilience';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import { startTestBot, type TestBot, webhookChannel } from './support/testBot.js';

let target: ChaosServer;
let receiver: ChaosServer;
let test: TestBot;

const HEALTHY = {
  routes: { 'GET /health': { kind: 'respond', status: 200, body: '{"status":"ok"}' } },
} as const;
const FAILING = { routes: { 'GET /health': { kind: 'respond', status: 503 } } } as const;

beforeAll(async () => {
  target = await startChaosServer({ faults: HEALTHY });
  receiver = await startChaosServer();
});
afterAll(async () => {
  await target.close();
  await receiver.close();
});
afterEach(async () => {
  await test.close();
  target.setFaults(HEALTHY);
  target.clearRequests();
  receiver.clearRequests();
});

function alertTitles(): string[] {
  return receiver.requests.map(
    (request) => (JSON.parse(request.body) as { data: { title: string } }).data.title,
  );
}

async function startInspecting(extra: Record<string, unknown> = {}): Promise<TestBot> {
  test = await startTestBot({
    channels: [webhookChannel('ops', `${receiver.url}/ops`)],
    inspection: {
      intervalMs: 60_000,
      failuresBeforeDown: 2,
      breaker: { consecutiveFailures: 3, openDuration: 120_000 },
      targets: [{ name: 'api', url: `${target.url}/health`, bodyContains: '"ok"', ...extra }],
    },
  });
  await test.drive(); // the first round runs at start
  return test;
}

describe('inspection bot', () => {
  it('alerts once when a target goes down and once when it is up again', async () => {
    await startInspecting();
    expect(test.bot.inspection.health()).toEqual({
      api: { state: 'up', failures: 0, lastError: undefined },
    });
    target.setFaults(FAILING);
    await test.drive(60_000); // one failure: not down yet
    expect(alertTitles()).toEqual([]);
    await test.drive(60_000); // two in a row: down
    await test.drive(60_000); // still down: no new alert
    expect(alertTitles()).toEqual(['api is down']);
    expect(test.bot.inspection.health().api).toMatchObject({
      state: 'down',
      failures: 3,
      lastError: expect.stringContaining('503'),
    });

    target.setFaults(HEALTHY);
    await test.drive(120_000); // the breaker half-opens; the probe passes
    await test.drive(60_000);
    expect(alertTitles()).toEqual(['api is down', 'api is up again']);
    const [down, up] = receiver.requests.map(
      (request) => (JSON.parse(request.body) as { data: Record<string, unknown> }).data,
    );
    expect(down).toMatchObject({
      severity: 'critical',
      source: 'inspection',
      labels: { target: 'api', check: 'down' },
    });
    expect(up).toMatchObject({
      severity: 'info',
      source: 'inspection',
      labels: { target: 'api', check: 'up' },
    });
  });

  it('stops calling a dead target once its breaker opens', async () => {
    await startInspecting();
    target.setFaults(FAILING);
    target.clearRequests();
    for (let round = 0; round < 4; round++) await test.drive(60_000);
    expect(target.requests).toHaveLength(3); // consecutiveFailures: the 4th check fails fast
    expect(breakerRegistry(test.bot.runtime).state('alert-bot.inspection', 'api')).toBe('OPEN');
    expect(test.bot.inspection.health().api).toMatchObject({
      state: 'down',
      failures: 4,
      lastError: expect.stringContaining('BALLAST_ERR_CIRCUIT_OPEN'),
    });
    expect(alertTitles()).toEqual(['api is down']);
    await test.drive(60_000); // open for openDuration: one probe goes through (and fails)
    expect(target.requests).toHaveLength(4);
  });

  it('counts a body without the expected text, or the wrong status, as a failure', async () => {
    await startInspecting({ bodyContains: 'ready', expectStatus: 200 });
    await test.drive(60_000);
    expect(test.bot.inspection.health().api).toMatchObject({
      state: 'down',
      lastError: expect.stringContaining('body does not contain "ready"'),
    });
    expect(alertTitles()).toEqual(['api is down']);
  });
});
