import type { AlertBotConfig, GroupingConfig } from './AlertBotConfig.js';

/** A channel every alert is grouped for, with its grouping (its own fields over the top level's). */
export interface PrimaryChannel {
  readonly channel: string;
  readonly grouping: GroupingConfig;
}

/** The channels every alert goes to (all but the fallback-only ones), each with its grouping. */
export function primaryChannels(config: AlertBotConfig): PrimaryChannel[] {
  return config.channels
    .filter((channel) => !channel.fallbackOnly)
    .map((channel) => ({
      channel: channel.name,
      grouping: { ...config.grouping, ...channel.grouping } as GroupingConfig,
    }));
}
