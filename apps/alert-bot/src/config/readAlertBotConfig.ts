import { parseConfig } from '@ballast/schema';
import { type AlertBotConfig, AlertBotConfigSchema, type ChannelConfig } from './AlertBotConfig.js';
import { ChannelSchema } from './ChannelSchema.js';

/** With no channels configured, one signed webhook channel to the built-in receiver. */
function defaultChannels(config: Omit<AlertBotConfig, 'channels'>): ChannelConfig[] {
  if (!config.receiver.enabled) return [];
  const local = {
    name: 'local',
    type: 'webhook',
    url: `http://127.0.0.1:${config.server.port}${config.receiver.path}`,
    secret: config.receiver.secret,
  };
  return [parseConfig(ChannelSchema, local, 'alert-bot default channel')];
}

/**
 * Validates a configuration object against {@link AlertBotConfigSchema} and fills in the
 * defaults. Every problem is one `ConfigError` (`BALLAST_ERR_CONFIG`) naming each field and
 * what is allowed, never the value given (secrets stay out of messages).
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
  const parsed = parseConfig(AlertBotConfigSchema, input, 'alert-bot config');
  return { ...parsed, channels: parsed.channels ?? defaultChannels(parsed) };
}
