import { ServerLimitsSchema } from '@ballast/fastify';
import { Defaulted, type Parsed } from '@ballast/schema';
import Type, { type Static } from 'typebox';
import { type ChannelSchema, ChannelsSchema, WebhookSecretSchema } from './ChannelSchema.js';
import { DEFAULT_PORT, DEMO_WEBHOOK_SECRET } from './defaultConfig.js';
import { DeliverySchema, type ExponentialScheduleSchema } from './DeliverySchema.js';
import { GroupingSchema } from './GroupingSchema.js';
import { InspectionSchema, type InspectionTargetSchema } from './InspectionSchema.js';

const Server = Type.Object(
  {
    host: Defaulted(Type.String({ minLength: 1 }), '127.0.0.1'),
    port: Defaulted(Type.Integer({ minimum: 0, maximum: 65_535 }), DEFAULT_PORT),
    token: Type.Optional(
      Type.String({
        minLength: 16,
        maxLength: 1_024,
        pattern: '^\\S+$',
        description:
          '16 to 1024 characters without spaces; every route but /healthz and the receiver then needs "Authorization: Bearer <token>"',
      }),
    ),
    ...ServerLimitsSchema.properties,
  },
  { additionalProperties: false },
);

const Receiver = Type.Object(
  {
    enabled: Defaulted(Type.Boolean(), true),
    path: Defaulted(
      Type.String({
        pattern: '^(?!/(alerts|status|metrics|healthz)$)/[A-Za-z0-9/_.-]*$',
        description: 'an absolute path such as "/receiver" (not one of the bot\'s own routes)',
      }),
      '/receiver',
    ),
    secret: Defaulted(WebhookSecretSchema, DEMO_WEBHOOK_SECRET),
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

/** A Redis shared by several bot instances: one of them inspects for all. */
const Redis = Type.Object(
  {
    url: Type.Refine(
      Type.String({ description: 'a redis:// or rediss:// URL' }),
      (value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol),
      () => 'must be a redis:// or rediss:// URL',
    ),
    keyPrefix: Defaulted(Type.String({ pattern: '^[A-Za-z0-9:._-]{1,64}$' }), 'alert-bot:'),
  },
  { additionalProperties: false },
);

/**
 * The alert bot's configuration file, declared once: its TypeScript types, defaults, the
 * checks (with errors naming each field) and the JSON Schema in `alert-bot.schema.json` come
 * from here. Every field is optional; nested options use the framework's names
 * (`openDuration`, `interval`, `failureRateThreshold`) and go to it as written.
 */
export const AlertBotConfigSchema = Type.Refine(
  Type.Object(
    {
      dataDir: Defaulted(Type.String({ minLength: 1 }), '.data/alert-bot'),
      server: Defaulted(Server, {}),
      receiver: Defaulted(Receiver, {}),
      channels: Type.Optional(ChannelsSchema),
      grouping: Defaulted(GroupingSchema, {}),
      delivery: Defaulted(DeliverySchema, {}),
      inspection: Defaulted(InspectionSchema, {}),
      redis: Type.Optional(Redis),
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
export type ChannelConfig = Parsed<typeof ChannelSchema>;
/** One URL checked by the inspection bot. */
export type InspectionTarget = Parsed<typeof InspectionTargetSchema>;
/** The inspection bot's settings. */
export type InspectionConfig = Parsed<typeof InspectionSchema>;
/** The delivery worker's settings. */
export type DeliveryConfig = Parsed<typeof DeliverySchema>;
/** An exponential retry schedule. */
export type ExponentialScheduleConfig = Parsed<typeof ExponentialScheduleSchema>;
/** How alerts are grouped into notifications (top level, or a channel's with the top level's defaults). */
export type GroupingConfig = Parsed<typeof GroupingSchema>;
