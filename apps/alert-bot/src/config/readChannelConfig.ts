import { OptionsReader } from '@ballast/core';
import { decodeWebhookSecret } from '../delivery/webhookSignature.js';
import type {
  ChannelBreaker,
  ChannelConfig,
  ChannelRateLimit,
  ChannelType,
} from './AlertBotConfig.js';
import { readHttpUrl } from './readHttpUrl.js';

/** Names of channels and inspection targets: they appear in logs, SQL rows and breaker keys. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const NAME_RULE = '1-64 letters, digits, "_", "." or "-", starting with a letter or digit';

function readRateLimit(input: unknown, where: string, type: ChannelType): ChannelRateLimit {
  const read = new OptionsReader(where, input, ['rate', 'intervalMs', 'burst']);
  const rate = read.number('rate', type === 'slack' ? 1 : 50, { above: 0, max: 100_000 });
  return {
    rate,
    intervalMs: read.number('intervalMs', 1_000, { above: 0, max: 86_400_000 }),
    burst: read.number('burst', Math.max(1, rate), { integer: true, min: 1, max: 100_000 }),
  };
}

function readBreaker(input: unknown, where: string): ChannelBreaker {
  const read = new OptionsReader(where, input, [
    'failureRateThreshold',
    'windowSize',
    'minimumCalls',
    'openDurationMs',
  ]);
  const windowSize = read.number('windowSize', 20, { integer: true, min: 1, max: 10_000 });
  return {
    failureRateThreshold: read.number('failureRateThreshold', 50, { above: 0, max: 100 }),
    windowSize,
    minimumCalls: read.number('minimumCalls', Math.min(10, windowSize), {
      integer: true,
      min: 1,
      max: windowSize,
    }),
    openDurationMs: read.number('openDurationMs', 30_000, { min: 1, max: 86_400_000 }),
  };
}

/** Validates one entry of `channels` (`index` is its position, for messages). */
export function readChannelConfig(input: unknown, index: number): ChannelConfig {
  const where = `alert-bot config: channels[${index}]`;
  const read = new OptionsReader(where, input, [
    'name',
    'type',
    'url',
    'secret',
    'fallback',
    'fallbackOnly',
    'rateLimit',
    'breaker',
  ]);
  if (!read.has('name')) read.fail('name', NAME_RULE);
  const name = read.string('name', '');
  if (!NAME_PATTERN.test(name)) read.fail('name', NAME_RULE);
  if (!read.has('type')) read.fail('type', 'one of slack, webhook');
  const type = read.oneOf<ChannelType>('type', 'webhook', ['slack', 'webhook']);
  const url = readHttpUrl(read, 'url');
  let secret: string | undefined;
  if (read.has('secret') || type === 'webhook') {
    secret = read.string('secret', '');
    if (decodeWebhookSecret(secret) === undefined)
      read.fail('secret', '"whsec_" followed by 24 to 64 base64-encoded bytes');
  }
  const fallback = read.has('fallback') ? read.string('fallback', '') : undefined;
  if (fallback === name) read.fail('fallback', "another channel's name (not the channel itself)");
  return {
    name,
    type,
    url,
    secret,
    fallback,
    fallbackOnly: read.boolean('fallbackOnly', false),
    rateLimit: readRateLimit(read.raw('rateLimit'), `${where}.rateLimit`, type),
    breaker: readBreaker(read.raw('breaker'), `${where}.breaker`),
  };
}
