import Type from 'typebox';
import type { RunbookAction } from '../RunbookAction.js';

/** What the channel actions need from a bot: pause and resume delivery on a channel. */
export interface ChannelControl {
  pause(channel: string): unknown;
  resume(channel: string): unknown;
}

const params = Type.Object(
  { channel: Type.String({ minLength: 1, description: 'bot channel name' }) },
  { additionalProperties: false },
);

/**
 * `channel.pause` and `channel.resume`: stop a bot delivering on a channel (messages queue up)
 * and start it again.
 *
 * @example
 * ```ts
 * engine.registerAction(...channelActions(alertBot));
 * // step: { action: 'channel.pause', params: { channel: 'slack-ops' } }
 * ```
 */
export function channelActions(
  channels: ChannelControl,
): [RunbookAction<typeof params>, RunbookAction<typeof params>] {
  return [
    {
      name: 'channel.pause',
      description: 'Pause delivery on a bot channel',
      params,
      run: async ({ channel }) => {
        await channels.pause(channel);
        return { channel, paused: true };
      },
    },
    {
      name: 'channel.resume',
      description: 'Resume delivery on a bot channel',
      params,
      run: async ({ channel }) => {
        await channels.resume(channel);
        return { channel, paused: false };
      },
    },
  ];
}
