import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChaosServer, ManualClock, startChaosServer } from '@ballast/testing';
import { notificationOf, startTestBot, type TestBot, webhookChannel } from './support/testBot.js';

let target: ChaosServer;
let receiver: ChaosServer;
let test: TestBot | undefined;

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
  await test?.close();
  test = undefined;
  target.setFaults(HEALTHY);
  target.clearRequests();
  receiver.clearRequests();
});

/** What the receiver was told: `status title`, in order. */
function told(): string[] {
  return receiver.requests.map((request) => {
    const notification = notificationOf(request);
    return `${notification.status} ${notification.title}`;
  });
}

async function startInspecting(
  extra: Record<string, unknown> = {},
  options: { dir?: string; clock?: ManualClock } = {},
): Promise<TestBot> {
  const bot = await startTestBot(
    {
      channels: [webhookChannel('ops', `${receiver.url}/ops`)],
      inspection: {
        intervalMs: 60_000,
        failuresBeforeDown: 2,
        targets: [{ name: 'api', url: `${target.url}/health`, bodyContains: '"ok"', ...extra }],
      },
    },
    options,
  );
  await bot.drive(); // the first round runs at start
  return bot;
}

describe('inspection bot', () => {
  it('alerts once when a target goes down, and resolves it at the first check after it recovers', async () => {
    test = await startInspecting();
    expect(test.bot.inspection.health().api).toMatchObject({ state: 'up', failures: 0 });
    target.setFaults(FAILING);
    await test.drive(60_000); // one failure: not down yet
    expect(told()).toEqual([]);
    await test.drive(60_000); // two in a row: down
    for (let round = 0; round < 3; round++) await test.drive(60_000); // still down, every round probed
    expect(told()).toEqual(['firing api is down']);
    expect(target.requests).toHaveLength(6);
    expect(test.bot.inspection.health().api).toMatchObject({
      state: 'down',
      failures: 5,
      lastError: expect.stringContaining('503'),
    });

    target.setFaults(HEALTHY);
    await test.drive(60_000); // the very next check sees it: no breaker to wait for
    expect(told()).toEqual(['firing api is down', 'resolved api is down']);
    const [down, up] = receiver.requests.map(notificationOf);
    expect(down).toMatchObject({
      severity: 'critical',
      source: 'inspection',
      labels: { target: 'api' },
      group: { latest: { status: 'firing' } },
    });
    expect(up).toMatchObject({
      kind: 'resolved',
      group: { id: down!.group.id, latest: { status: 'resolved', severity: 'info' } },
    });
    expect(up!.message).toMatch(/answers as expected again \(down since /);
  });

  it('counts a body without the expected text, or the wrong status, as a failure', async () => {
    test = await startInspecting({ bodyContains: 'ready', expectStatus: 200 });
    await test.drive(60_000);
    expect(test.bot.inspection.health().api).toMatchObject({
      state: 'down',
      lastError: expect.stringContaining('body does not contain "ready"'),
    });
    expect(told()).toEqual(['firing api is down']);
  });
});

describe('inspection across restarts', () => {
  it('raises no second "down" after a restart during the outage, and the "up" once it recovers', async () => {
    const first = await startInspecting();
    target.setFaults(FAILING);
    await first.drive(60_000);
    await first.drive(60_000);
    expect(told()).toEqual(['firing api is down']);
    const since = first.bot.inspection.health().api!.since;
    await first.bot.stop();

    test = await startInspecting({}, { dir: first.dir, clock: new ManualClock(first.clock.now()) });
    await test.drive(60_000);
    expect(test.bot.inspection.health().api).toMatchObject({ state: 'down', since, failures: 4 });
    expect(told()).toEqual(['firing api is down']);
    target.setFaults(HEALTHY);
    await test.drive(60_000);
    expect(told()).toEqual(['firing api is down', 'resolved api is down']);
    await first.close();
  });

  it('resolves at the first check a target that recovered while the bot was stopped', async () => {
    target.setFaults(FAILING);
    const first = await startInspecting();
    await first.drive(60_000);
    expect(told()).toEqual(['firing api is down']);
    await first.bot.stop();

    target.setFaults(HEALTHY);
    test = await startInspecting({}, { dir: first.dir, clock: new ManualClock(first.clock.now()) });
    expect(told()).toEqual(['firing api is down', 'resolved api is down']);
    // The restarted bot's outbox still had the group open: the resolution ends that group.
    expect(receiver.requests.map(notificationOf).map((n) => n.group.id)).toEqual([
      expect.any(String),
      receiver.requests.map(notificationOf)[0]!.group.id,
    ]);
    await first.close();
  });
});
