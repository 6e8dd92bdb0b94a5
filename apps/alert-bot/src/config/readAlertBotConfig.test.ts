import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@ballast/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_WEBHOOK_SECRET, SVIX_RETRY_SCHEDULE } from './defaultConfig.js';
import { loadAlertBotConfig } from './loadAlertBotConfig.js';
import { readAlertBotConfig } from './readAlertBotConfig.js';

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
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8787, maxBodyBytes: 65_536 });
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
    expect(config.delivery.retrySchedule).toEqual(SVIX_RETRY_SCHEDULE);
    expect(config.inspection.targets).toEqual([]);
  });

  it('asks for explicit channels on port 0 (regression: the default channel pointed at port 0)', () => {
    expect(messageOf({ server: { port: 0 } })).toMatch(
      /"channels" must be given explicitly when server.port is 0/,
    );
    const config = readAlertBotConfig({
      server: { port: 0 },
      channels: [{ name: 'ops', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: SECRET }],
    });
    expect(config.channels.map((channel) => channel.name)).toEqual(['ops']);
  });

  it('gives Slack channels one message a second and webhooks 50 by default', () => {
    const config = readAlertBotConfig({
      channels: [
        { name: 'slack', type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' },
        { name: 'hook', type: 'webhook', url: 'https://example.com/hook', secret: SECRET },
      ],
    });
    expect(config.channels.map((channel) => channel.rateLimit.rate)).toEqual([1, 50]);
    expect(config.channels[0]!.secret).toBeUndefined();
  });

  it('expands an exponential retry schedule, capped at maxMs', () => {
    const config = readAlertBotConfig({
      delivery: { retrySchedule: { baseMs: 50, factor: 2, maxMs: 300, retries: 5 } },
    });
    expect(config.delivery.retrySchedule).toEqual([50, 100, 200, 300, 300]);
  });

  it.each([
    [{ colour: 'red' }, 'unknown option "colour"'],
    [{ server: { port: 70_000 } }, 'server: option "port" must be'],
    [
      { channels: [{ name: 'x', type: 'email', url: 'https://e.com' }] },
      'channels[0]: option "type" must be one of slack, webhook',
    ],
    [
      { channels: [{ name: 'x', type: 'slack', url: 'ftp://e.com' }] },
      'channels[0]: option "url" must be an absolute http:// or https:// URL',
    ],
    [
      { channels: [{ name: 'x', type: 'webhook', url: 'https://e.com' }] },
      'channels[0]: option "secret" must be "whsec_"',
    ],
    [
      {
        channels: [{ name: 'x', type: 'webhook', url: 'https://e.com', secret: 'whsec_c2hvcnQ=' }],
      },
      'option "secret" must be "whsec_" followed by 24 to 64',
    ],
    [
      { channels: [{ name: 'bad name', type: 'slack', url: 'https://e.com' }] },
      'channels[0]: option "name" must be 1-64 letters',
    ],
    [
      { channels: [{ name: 'a', type: 'slack', url: 'https://e.com', fallback: 'b' }] },
      'fallback "b" is also defined',
    ],
    [
      {
        channels: [
          { name: 'a', type: 'slack', url: 'https://e.com' },
          { name: 'a', type: 'slack', url: 'https://e.com' },
        ],
      },
      'channels with distinct names',
    ],
    [
      { channels: [{ name: 'a', type: 'slack', url: 'https://e.com', fallbackOnly: true }] },
      'at least one channel that is not fallbackOnly',
    ],
    [
      {
        channels: [
          { name: 'a', type: 'slack', url: 'https://e.com', breaker: { failureRateThreshold: 0 } },
        ],
      },
      'channels[0].breaker: option "failureRateThreshold" must be a finite number > 0 <= 100 (got 0)',
    ],
    [
      { delivery: { attemptTimeoutMs: 5_000, leaseMs: 5_000 } },
      'option "leaseMs" must be longer than delivery.attemptTimeoutMs (5000 ms)',
    ],
    [{ delivery: { retrySchedule: [1_000, -1] } }, 'option "retrySchedule" must be an array'],
    [{ delivery: { retrySchedule: { baseMs: 50 } } }, 'option "retries" must be'],
    [
      { inspection: { targets: [{ name: 'api', url: 'not a url' }] } },
      'inspection.targets[0]: option "url"',
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
      '"api" appears twice',
    ],
    [
      { logging: { level: 'loud' } },
      'logging: option "level" must be one of error, warn, info, debug',
    ],
    [{ receiver: { path: '/alerts' } }, 'receiver: option "path"'],
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
