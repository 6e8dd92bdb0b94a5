import type { AlertBotConfig } from './AlertBotConfig.js';

/** Names of the channels every alert is delivered to (all but the fallback-only ones). */
export function primaryChannels(config: AlertBotConfig): string[] {
  return config.channels.filter((channel) => !channel.fallbackOnly).map((channel) => channel.name);
}
