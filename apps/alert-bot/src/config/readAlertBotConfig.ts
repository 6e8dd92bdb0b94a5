import { OptionsReader } from '@ballast/core';
import { decodeWebhookSecret } from '../delivery/webhookSignature.js';
import type {
  AlertBotConfig,
  ChannelConfig,
  LoggingConfig,
  ReceiverConfig,
  ServerConfig,
} from './AlertBotConfig.js';
import { DEFAULT_PORT, DEMO_WEBHOOK_SECRET } from './defaultConfig.js';
import { readChannelConfig } from './readChannelConfig.js';
import { readDeliveryConfig } from './readDeliveryConfig.js';
import { readInspectionConfig } from './readInspectionConfig.js';

const WHERE = 'alert-bot config';

function readServer(input: unknown): ServerConfig {
  const read = new OptionsReader(`${WHERE}: server`, input, ['host', 'port', 'maxBodyBytes']);
  return {
    host: read.string('host', '127.0.0.1'),
    port: read.number('port', DEFAULT_PORT, { integer: true, min: 0, max: 65_535 }),
    maxBodyBytes: read.number('maxBodyBytes', 65_536, { integer: true, min: 256, max: 16_777_216 }),
  };
}

function readReceiver(input: unknown): ReceiverConfig {
  const read = new OptionsReader(`${WHERE}: receiver`, input, ['enabled', 'path', 'secret']);
  const path = read.string('path', '/receiver');
  if (!/^\/[A-Za-z0-9/_.-]*$/.test(path) || path === '/alerts')
    read.fail('path', 'an absolute path such as "/receiver" (not "/alerts")');
  const secret = read.string('secret', DEMO_WEBHOOK_SECRET);
  if (decodeWebhookSecret(secret) === undefined)
    read.fail('secret', '"whsec_" followed by 24 to 64 base64-encoded bytes');
  return { enabled: read.boolean('enabled', true), path, secret };
}

function readLogging(input: unknown): LoggingConfig {
  const read = new OptionsReader(`${WHERE}: logging`, input, ['level', 'file', 'errorAlerts']);
  return {
    level: read.oneOf('level', 'info', ['error', 'warn', 'info', 'debug'] as const),
    file: read.string('file', 'alert-bot.log'),
    errorAlerts: read.boolean('errorAlerts', true),
  };
}

function defaultChannels(server: ServerConfig, receiver: ReceiverConfig): unknown[] {
  if (!receiver.enabled) return [];
  const url = `http://127.0.0.1:${server.port}${receiver.path}`;
  return [{ name: 'local', type: 'webhook', url, secret: receiver.secret }];
}

function readChannels(
  read: OptionsReader,
  server: ServerConfig,
  receiver: ReceiverConfig,
): ChannelConfig[] {
  if (read.raw('channels') === undefined && receiver.enabled && server.port === 0) {
    // The default channel posts to the built-in receiver on the intake's own port, which a
    // port-0 server only learns when it listens.
    read.fail(
      'channels',
      'given explicitly when server.port is 0 (the default channel needs a fixed port)',
    );
  }
  const raw = read.raw('channels') ?? defaultChannels(server, receiver);
  if (!Array.isArray(raw))
    read.fail('channels', 'an array of channels ({ name, type, url, secret?, fallback?, … })');
  const channels = (raw as unknown[]).map(readChannelConfig);
  const byName = new Map(channels.map((channel) => [channel.name, channel]));
  if (byName.size !== channels.length) read.fail('channels', 'channels with distinct names');
  for (const channel of channels) {
    if (channel.fallback !== undefined && !byName.has(channel.fallback)) {
      read.fail(
        'channels',
        `a list where channel "${channel.name}"'s fallback "${channel.fallback}" is also defined`,
      );
    }
  }
  if (channels.length > 0 && channels.every((channel) => channel.fallbackOnly)) {
    read.fail('channels', 'a list with at least one channel that is not fallbackOnly');
  }
  return channels;
}

/**
 * Validates a configuration object and fills in the defaults. Every problem throws `ConfigError`
 * (`BALLAST_ERR_CONFIG`) naming the field, what was given and what is allowed.
 *
 * With no input at all the bot runs locally: data in `.data/alert-bot`, intake on
 * `127.0.0.1:8787`, and one signed webhook channel pointing at the built-in loopback receiver.
 *
 * @example
 * ```ts
 * const config = readAlertBotConfig({ channels: [{ name: 'ops', type: 'slack', url: hookUrl }] });
 * ```
 */
export function readAlertBotConfig(input: unknown = {}): AlertBotConfig {
  const read = new OptionsReader(WHERE, input, [
    'dataDir',
    'server',
    'receiver',
    'channels',
    'delivery',
    'inspection',
    'logging',
  ]);
  const server = readServer(read.raw('server'));
  const receiver = readReceiver(read.raw('receiver'));
  return {
    dataDir: read.string('dataDir', '.data/alert-bot'),
    server,
    receiver,
    channels: readChannels(read, server, receiver),
    delivery: readDeliveryConfig(read.raw('delivery')),
    inspection: readInspectionConfig(read.raw('inspection')),
    logging: readLogging(read.raw('logging')),
  };
}
