import { ServerLimitsSchema } from '@ballast/fastify';
import { Defaulted, type Parsed } from '@ballast/schema';
import Type, { type Static } from 'typebox';
import { decodeWebhookSecret } from '../delivery/webhookSignature.js';
import { DEFAULT_PORT, DEMO_WEBHOOK_SECRET, SVIX_RETRY_SCHEDULE } from './defaultConfig.js';

const DAY_MS = 86_400_000;
const ms = (min: number, max: number) => Type.Integer({ minimum: min, maximum: max });

/** Names of channels and inspection targets: they appear in logs, SQL rows and breaker keys. */
const Name = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
  description: '1-64 letters, digits, "_", "." or "-", starting with a letter or digit',
});

const HttpUrl = Type.Refine(
  Type.String({ description: 'an absolute http:// or https:// URL' }),
  (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
  () => 'must be an absolute http:// or https:// URL',
);

const WebhookSecret = Type.Refine(
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

/** The framework's `CircuitBreaker` options (count window) a channel is protected with. */
const ChannelBreaker = Type.Refine(
  Type.Object(
    {
      failureRateThreshold: Defaulted(Type.Number({ exclusiveMinimum: 0, maximum: 100 }), 50),
      windowSize: Defaulted(Type.Integer({ minimum: 1, maximum: 10_000 }), 20),
      minimumCalls: Defaulted(Type.Integer({ minimum: 1, maximum: 10_000 }), 10),
      openDuration: Defaulted(ms(1, DAY_MS), 30_000),
    },
    { additionalProperties: false },
  ),
  (breaker) => breaker.minimumCalls! <= breaker.windowSize!,
  () => 'minimumCalls must be at most windowSize',
);

const Channel = Type.Refine(
  Type.Object(
    {
      name: Name,
      type: Type.Enum(['slack', 'webhook']),
      url: HttpUrl,
      secret: Type.Optional(WebhookSecret),
      fallback: Type.Optional(Name),
      fallbackOnly: Defaulted(Type.Boolean(), false),
      rateLimit: Type.Optional(ChannelRateLimit),
      breaker: Defaulted(ChannelBreaker, {}),
    },
    { additionalProperties: false },
  ),
  (channel) =>
    (channel.type !== 'webhook' || channel.secret !== undefined) &&
    channel.fallback !== channel.name,
  () => 'needs a secret when its type is webhook, and a fallback other than itself',
);

const Channels = Type.Refine(
  Type.Array(Channel, { maxItems: 100 }),
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

/** `baseMs × factor^n`, capped at `maxMs`, `retries` waits. */
const ExponentialSchedule = Type.Object(
  {
    baseMs: Type.Number({ exclusiveMinimum: 0, maximum: DAY_MS }),
    factor: Defaulted(Type.Number({ minimum: 1, maximum: 100 }), 2),
    maxMs: Defaulted(Type.Number({ minimum: 0, maximum: 7 * DAY_MS }), 36_000_000),
    retries: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);

const Delivery = Type.Refine(
  Type.Object(
    {
      concurrency: Defaulted(Type.Integer({ minimum: 1, maximum: 1_000 }), 8),
      pollIntervalMs: Defaulted(ms(1, 3_600_000), 1_000),
      leaseMs: Defaulted(ms(100, DAY_MS), 60_000),
      attemptTimeoutMs: Defaulted(ms(10, 300_000), 10_000),
      retrySchedule: Defaulted(
        Type.Union([Type.Array(ms(0, 7 * DAY_MS), { maxItems: 100 }), ExponentialSchedule], {
          description:
            'an array of at most 100 waits in ms (0 to 7 days), or { baseMs, factor?, maxMs?, retries }',
        }),
        [...SVIX_RETRY_SCHEDULE],
      ),
      jitter: Defaulted(Type.Number({ minimum: 0, maximum: 1 }), 0.2),
      drainTimeoutMs: Defaulted(ms(0, 600_000), 10_000),
    },
    { additionalProperties: false },
  ),
  // A lease shorter than an attempt would let a second worker resend a delivery still in flight.
  (delivery) => delivery.leaseMs! > delivery.attemptTimeoutMs!,
  () => 'leaseMs must be longer than attemptTimeoutMs',
);

const InspectionTarget = Type.Object(
  {
    name: Name,
    url: HttpUrl,
    expectStatus: Defaulted(Type.Integer({ minimum: 100, maximum: 599 }), 200),
    maxLatencyMs: Defaulted(ms(1, 300_000), 2_000),
    bodyContains: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

const Inspection = Type.Object(
  {
    intervalMs: Defaulted(ms(10, DAY_MS), 60_000),
    attemptTimeoutMs: Defaulted(ms(10, 300_000), 10_000),
    failuresBeforeDown: Defaulted(Type.Integer({ minimum: 1, maximum: 100 }), 2),
    /** The framework's `CircuitBreaker` options (consecutive window) of each target. */
    breaker: Defaulted(
      Type.Object(
        {
          consecutiveFailures: Defaulted(Type.Integer({ minimum: 1, maximum: 100 }), 3),
          openDuration: Defaulted(ms(1, DAY_MS), 60_000),
        },
        { additionalProperties: false },
      ),
      {},
    ),
    targets: Defaulted(
      Type.Refine(
        Type.Array(InspectionTarget, { maxItems: 1_000 }),
        (targets) => new Set(targets.map((target) => target.name)).size === targets.length,
        () => 'must have distinct names',
      ),
      [],
    ),
  },
  { additionalProperties: false },
);

const Server = Type.Object(
  {
    host: Defaulted(Type.String({ minLength: 1 }), '127.0.0.1'),
    port: Defaulted(Type.Integer({ minimum: 0, maximum: 65_535 }), DEFAULT_PORT),
    ...ServerLimitsSchema.properties,
  },
  { additionalProperties: false },
);

const Receiver = Type.Object(
  {
    enabled: Defaulted(Type.Boolean(), true),
    path: Defaulted(
      Type.String({
        pattern: '^(?!/alerts$)/[A-Za-z0-9/_.-]*$',
        description: 'an absolute path such as "/receiver" (not "/alerts")',
      }),
      '/receiver',
    ),
    secret: Defaulted(WebhookSecret, DEMO_WEBHOOK_SECRET),
  },
  { additionalProperties: false },
);

const Logging = Type.Object(
  {
    level: Defaulted(Type.Enum(['error', 'warn', 'info', 'debug']), 'info'),
    file: Defaulted(Type.String({ minLength: 1 }), 'alert-bot.log'),
    errorAlerts: Defaulted(Type.Boolean(), true),
  },
  { additionalProperties: false },
);

/**
 * The alert bot's configuration file, declared once: its TypeScript types, defaults, the
 * checks (with errors naming each field) and the JSON Schema in `alert-bot.schema.json` come
 * from here. Every field is optional; nested options use the framework's names
 * (`openDuration`, `interval`, `consecutiveFailures`) and go to it as written.
 */
export const AlertBotConfigSchema = Type.Refine(
  Type.Object(
    {
      dataDir: Defaulted(Type.String({ minLength: 1 }), '.data/alert-bot'),
      server: Defaulted(Server, {}),
      receiver: Defaulted(Receiver, {}),
      channels: Type.Optional(Channels),
      delivery: Defaulted(Delivery, {}),
      inspection: Defaulted(Inspection, {}),
      logging: Defaulted(Logging, {}),
    },
    { additionalProperties: false },
  ),
  // The default channel posts to the built-in receiver on the intake's own port, which a
  // port-0 server only learns when it listens.
  (config) =>
    config.channels !== undefined || config.receiver?.enabled !== true || config.server?.port !== 0,
  () =>
    '"channels" must be given when server.port is 0 and the receiver is enabled (the default channel needs a fixed port)',
);

/** The configuration file as written: every field optional. */
export type AlertBotConfigInput = Static<typeof AlertBotConfigSchema>;

/** The configuration with every default filled in, channels included. */
export type AlertBotConfig = Parsed<typeof AlertBotConfigSchema> & {
  readonly channels: ChannelConfig[];
};

/** One delivery channel. */
export type ChannelConfig = Parsed<typeof Channel>;
/** One URL checked by the inspection bot. */
export type InspectionTarget = Parsed<typeof InspectionTarget>;
/** The inspection bot's settings. */
export type InspectionConfig = Parsed<typeof Inspection>;
/** The delivery worker's settings. */
export type DeliveryConfig = Parsed<typeof Delivery>;
/** An exponential retry schedule. */
export type ExponentialScheduleConfig = Parsed<typeof ExponentialSchedule>;
