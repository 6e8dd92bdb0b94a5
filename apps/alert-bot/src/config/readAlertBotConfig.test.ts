import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@ballast/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERTING_RETRY_SCHEDULE, DEMO_WEBHOOK_SECRET } from './defaultConfig.js';
import { loadAlertBotConfig } from './loadAlertBotConfig.js';
import { readAlertBotConfig } from './readAlertBotConfig.js';
import { retryWaits } from './retryWaits.js';

const SECRET = 'whsec_' + Buffer.from('config-test-signing-key-0000000001').toString('base64');

function messageOf(input: unknown): string {
  try {
    readAlertBotConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('readAlertBotConfig', () => {
  it('runs locally with no config: .data/alert-bot, loopback intake, a signed channel to the built-in receiver', () => {
    const config = readAlertBotConfig();
    expect(config.dataDir).toBe('.data/alert-bot');
    expect(config.server).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      bodyLimit: 65_536,
      trustProxy: false,
    });
    expect(config.receiver).toEqual({
      enabled: true,
      path: '/receiver',
      secret: DEMO_WEBHOOK_SECRET,
    });
    expect(config.channels).toEqual([
      expect.objectContaining({
        name: 'local',
        type: 'webhook',
        url: 'http://127.0.0.1:8787/receiver',
        secret: DEMO_WEBHOOK_SECRET,
      }),
    ]);
    expect(config.channels[0]!.breaker).toEqual({
      failureRateThreshold: 80,
      windowSize: 50,
      minimumCalls: 20,
      openDuration: { initial: 5_000, max: 60_000 },
      halfOpenProbes: 3,
    });
    expect(config.delivery).toMatchObject({
      concurrency: 16,
      attemptTimeoutMs: 10_000,
      minAttemptTimeoutMs: 1_000,
      leaseMs: 30_000,
    });
    expect(retryWaits(config.delivery.retrySchedule)).toEqual(ALERTING_RETRY_SCHEDULE);
    expect(config.grouping).toEqual({
      groupBy: '...',
      groupWaitMs: 1_000,
      groupIntervalMs: 300_000,
      repeatIntervalMs: 14_400_000,
      resolveTimeoutMs: 300_000,
      sendResolved: true,
    });
    expect(config.inspection.targets).toEqual([]);
    expect(config.redis).toBeUndefined();
    expect(config.server.token).toBeUndefined();
  });

  it('asks for explicit channels on port 0 (regression: the default channel pointed at port 0)', () => {
    expect(messageOf({ server: { port: 0 } })).toMatch(
      /"channels" must be given when server.port is 0/,
    );
    const config = readAlertBotConfig({
      server: { port: 0 },
      channels: [{ name: 'ops', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: SECRET }],
    });
    expect(config.channels.map((channel) => channel.name)).toEqual(['ops']);
  });

  it('uses the framework option names and passes them as written', () => {
    const config = readAlertBotConfig({
      channels: [
        {
          name: 'slack',
          type: 'slack',
          url: 'https://hooks.slack.com/services/T/B/X',
          rateLimit: { rate: 2, interval: 2_000 },
          breaker: { openDuration: 5_000 },
          grouping: { groupBy: ['service'], groupWaitMs: 0 },
        },
      ],
      grouping: { repeatIntervalMs: 3_600_000 },
    });
    expect(config.channels[0]).toMatchObject({
      rateLimit: { rate: 2, interval: 2_000 },
      breaker: { failureRateThreshold: 80, windowSize: 50, minimumCalls: 20, openDuration: 5_000 },
      grouping: { groupBy: ['service'], groupWaitMs: 0 },
    });
    expect(config.channels[0]!.secret).toBeUndefined();
    expect(config.grouping.repeatIntervalMs).toBe(3_600_000);
  });

  it('expands an exponential retry schedule, capped at maxMs', () => {
    const config = readAlertBotConfig({
      delivery: { retrySchedule: { baseMs: 50, factor: 2, maxMs: 300, retries: 5 } },
    });
    expect(retryWaits(config.delivery.retrySchedule)).toEqual([50, 100, 200, 300, 300]);
  });

  it.each([
    [{ colour: 'red' }, '"colour" is not a known field'],
    [{ server: { port: 70_000 } }, '"server.port" must be <= 65535'],
    [
      { channels: [{ name: 'x', type: 'email', url: 'https://e.com' }] },
      '"channels[0].type" must be one of "slack", "webhook"',
    ],
    [
      { channels: [{ name: 'x', type: 'slack', url: 'ftp://e.com' }] },
      '"channels[0].url" must be an absolute http:// or https:// URL',
    ],
    [
      { channels: [{ name: 'x', type: 'webhook', url: 'https://e.com' }] },
      '"channels[0]" needs a secret when its type is webhook',
    ],
    [
      {
        channels: [{ name: 'x', type: 'webhook', url: 'https://e.com', secret: 'whsec_c2hvcnQ=' }],
      },
      '"channels[0].secret" must be "whsec_" followed by 24 to 64 base64-encoded bytes',
    ],
    [
      { channels: [{ name: 'bad name', type: 'slack', url: 'https://e.com' }] },
      '"channels[0].name" must be 1-64 letters',
    ],
    [
      { channels: [{ name: 'a', type: 'slack', url: 'https://e.com', fallback: 'b' }] },
      'fallbacks that are channels of the list',
    ],
    [
      {
        channels: [
          { name: 'a', type: 'slack', url: 'https://e.com' },
          { name: 'a', type: 'slack', url: 'https://e.com' },
        ],
      },
      '"channels" must have distinct names',
    ],
    [
      { channels: [{ name: 'a', type: 'slack', url: 'https://e.com', fallbackOnly: true }] },
      'one channel that is not fallbackOnly',
    ],
    [
      {
        channels: [
          { name: 'a', type: 'slack', url: 'https://e.com', breaker: { failureRateThreshold: 0 } },
        ],
      },
      '"channels[0].breaker.failureRateThreshold" must be > 0',
    ],
    [
      {
        channels: [{ name: 'a', type: 'slack', url: 'https://e.com', breaker: { windowSize: 5 } }],
      },
      '"channels[0].breaker" minimumCalls must be at most windowSize',
    ],
    [
      {
        channels: [
          { name: 'a', type: 'slack', url: 'https://e.com', breaker: { openDurationMs: 1 } },
        ],
      },
      '"channels[0].breaker.openDurationMs" is not a known field',
    ],
    [
      { delivery: { attemptTimeoutMs: 5_000, leaseMs: 4_000 } },
      '"delivery" leaseMs must be longer than attemptTimeoutMs',
    ],
    [
      { delivery: { retrySchedule: [1_000, -1] } },
      '"delivery.retrySchedule" must be an array of at most 100 waits',
    ],
    [{ delivery: { retrySchedule: { baseMs: 50 } } }, '"delivery.retrySchedule" must be an array'],
    [
      { inspection: { targets: [{ name: 'api', url: 'not a url' }] } },
      '"inspection.targets[0].url" must be an absolute',
    ],
    [
      {
        inspection: {
          targets: [
            { name: 'api', url: 'http://a' },
            { name: 'api', url: 'http://b' },
          ],
        },
      },
      '"inspection.targets" must have distinct names',
    ],
    [
      { logging: { level: 'loud' } },
      '"logging.level" must be one of "error", "warn", "info", "debug"',
    ],
    [{ receiver: { path: '/alerts' } }, '"receiver.path" must be an absolute path'],
    [{ receiver: { path: '/metrics' } }, '"receiver.path" must be an absolute path'],
    [{ server: { token: 'short' } }, '"server.token" must have at least 16 characters'],
    [
      { redis: { url: 'http://127.0.0.1:6379' } },
      '"redis.url" must be a redis:// or rediss:// URL',
    ],
    [
      { grouping: { groupBy: 'service' } },
      '"grouping.groupBy" must be "..." (the title and every label)',
    ],
    [{ grouping: { groupWaitMs: -1 } }, '"grouping.groupWaitMs" must be >= 0'],
    [
      { channels: [{ name: 'a', type: 'slack', url: 'https://e.com', grouping: { wait: 1 } }] },
      '"channels[0].grouping.wait" is not a known field',
    ],
    [{ inspection: { breaker: {} } }, '"inspection.breaker" is not a known field'],
  ])('rejects %j with a message naming the field', (input, message) => {
    expect(messageOf(input)).toContain(message);
  });
});

describe('loadAlertBotConfig', () => {
  it('reads a JSON file and names the file when it is missing or not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alert-bot-config-'));
    try {
      writeFileSync(join(dir, 'good.json'), JSON.stringify({ dataDir: '/var/lib/alert-bot' }));
      writeFileSync(join(dir, 'bad.json'), '{ "dataDir": ');
      expect(loadAlertBotConfig(join(dir, 'good.json')).dataDir).toBe('/var/lib/alert-bot');
      expect(() => loadAlertBotConfig(join(dir, 'bad.json'))).toThrow(
        /bad\.json" is not valid JSON/,
      );
      expect(() => loadAlertBotConfig(join(dir, 'missing.json'))).toThrow(
        /cannot read ".*missing\.json"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
