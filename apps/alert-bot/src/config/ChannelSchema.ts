import { Defaulted } from '@ballast/schema';
import Type from 'typebox';
import { decodeWebhookSecret } from '../delivery/webhookSignature.js';
import { DAY_MS, HttpUrl, ms, Name } from './configFields.js';
import { ChannelGroupingSchema } from './GroupingSchema.js';

/** A Standard Webhooks signing secret (`whsec_<base64>`, 24 to 64 bytes). */
export const WebhookSecretSchema = Type.Refine(
  Type.String({ description: '"whsec_" followed by 24 to 64 base64-encoded bytes' }),
  (value) => decodeWebhookSecret(value) !== undefined,
  () => 'must be "whsec_" followed by 24 to 64 base64-encoded bytes',
);

/** Slack accepts about one message a second; the framework's `RateLimit` options. */
const ChannelRateLimit = Type.Object(
  {
    rate: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    interval: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: DAY_MS })),
    burst: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false, description: '@default slack { rate: 1 }, webhook { rate: 50 }' },
);

/** `CircuitBreaker`'s `openDuration`: fixed, or growing after each failed probe. */
const OpenDuration = Type.Union(
  [
    ms(1, DAY_MS),
    Type.Object(
      {
        initial: ms(1, DAY_MS),
        max: ms(1, DAY_MS),
        multiplier: Type.Optional(Type.Number({ minimum: 1, maximum: 100 })),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'ms, or { initial, max, multiplier = 2 } in ms' },
);

/**
 * The framework's `CircuitBreaker` options (count window) a channel is protected with. The
 * defaults tell a dead receiver (every attempt fails: refused, 5xx or hung) from a flaky one:
 * the chaos profile's 45 % of failed attempts stays far below 80 % of the last 50.
 */
const ChannelBreaker = Type.Refine(
  Type.Object(
    {
      failureRateThreshold: Defaulted(Type.Number({ exclusiveMinimum: 0, maximum: 100 }), 80),
      windowSize: Defaulted(Type.Integer({ minimum: 1, maximum: 10_000 }), 50),
      minimumCalls: Defaulted(Type.Integer({ minimum: 1, maximum: 10_000 }), 20),
      openDuration: Defaulted(OpenDuration, { initial: 5_000, max: 60_000 }),
      halfOpenProbes: Defaulted(Type.Integer({ minimum: 1, maximum: 100 }), 3),
    },
    { additionalProperties: false },
  ),
  (breaker) => breaker.minimumCalls! <= breaker.windowSize!,
  () => 'minimumCalls must be at most windowSize',
);

/** One delivery channel. */
export const ChannelSchema = Type.Refine(
  Type.Object(
    {
      name: Name,
      type: Type.Enum(['slack', 'webhook']),
      url: HttpUrl,
      secret: Type.Optional(WebhookSecretSchema),
      fallback: Type.Optional(Name),
      fallbackOnly: Defaulted(Type.Boolean(), false),
      rateLimit: Type.Optional(ChannelRateLimit),
      breaker: Defaulted(ChannelBreaker, {}),
      grouping: Type.Optional(ChannelGroupingSchema),
    },
    { additionalProperties: false },
  ),
  (channel) =>
    (channel.type !== 'webhook' || channel.secret !== undefined) &&
    channel.fallback !== channel.name,
  () => 'needs a secret when its type is webhook, and a fallback other than itself',
);

/** The delivery channels: distinct names, fallbacks among them, at least one not fallback-only. */
export const ChannelsSchema = Type.Refine(
  Type.Array(ChannelSchema, { maxItems: 100 }),
  (channels) => {
    const names = new Set(channels.map((channel) => channel.name));
    return (
      names.size === channels.length &&
      channels.every((channel) => channel.fallback === undefined || names.has(channel.fallback)) &&
      (channels.length === 0 || channels.some((channel) => channel.fallbackOnly !== true))
    );
  },
  () =>
    'must have distinct names, fallbacks that are channels of the list, and one channel that is not fallbackOnly',
);
