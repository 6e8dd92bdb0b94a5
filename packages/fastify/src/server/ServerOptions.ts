import { Defaulted } from '@ballast/schema';
import { isIP } from 'node:net';
import Type, { type Static } from 'typebox';
import { BallastPluginOptionsSchema } from '../plugin/BallastPluginOptions.js';

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address or range `proxy-addr` understands. */
const ProxyAddress = Type.Refine(
  Type.String({ minLength: 1 }),
  (value) => {
    if (PROXY_NAMES.has(value)) return true;
    const [address = '', bits, ...rest] = value.split('/');
    return (
      isIP(address) !== 0 && rest.length === 0 && (bits === undefined || /^\d{1,3}$/.test(bits))
    );
  },
  () => 'must be an IP address, a CIDR range, or loopback, linklocal or uniquelocal',
);

const ms = (max: number) => Type.Integer({ minimum: 1, maximum: max });

/**
 * The limits every ballast server runs with, declared once (types, defaults, checks and
 * docs/operations.md's table come from here); the admin's and the apps' configs embed them.
 */
export const ServerLimitsSchema = Type.Object(
  {
    headersTimeoutMs: Defaulted(ms(600_000), 10_000),
    requestTimeoutMs: Defaulted(ms(3_600_000), 30_000),
    keepAliveTimeoutMs: Defaulted(ms(600_000), 5_000),
    connectionsCheckingIntervalMs: Defaulted(ms(60_000), 1_000),
    maxConnections: Defaulted(Type.Integer({ minimum: 1, maximum: 1_000_000 }), 256),
    maxConnectionsPerClient: Defaulted(Type.Integer({ minimum: 1, maximum: 1_000_000 }), 32),
    bodyLimit: Defaulted(Type.Integer({ minimum: 1, maximum: 1_073_741_824 }), 65_536),
    trustProxy: Defaulted(
      Type.Union([Type.Boolean(), Type.Array(ProxyAddress)], {
        description: "false, true (every peer), or the proxies' addresses and CIDR ranges",
      }),
      false,
    ),
  },
  { additionalProperties: false },
);

/** {@link ServerLimitsSchema} and the options of the plugin the server registers. */
export const ServerOptionsSchema = Type.Object(
  { ...ServerLimitsSchema.properties, ballast: Type.Optional(BallastPluginOptionsSchema) },
  { additionalProperties: false },
);

/** The limits alone, for a config that embeds them under its own names. */
export type ServerLimits = Static<typeof ServerLimitsSchema>;

/**
 * Options of {@link createServer}.
 *
 * - `headersTimeoutMs`: time a client has to send the request line and headers (a slowloris
 *   is cut off after it). @default 10000
 * - `requestTimeoutMs`: time a client has to send the whole request. @default 30000
 * - `keepAliveTimeoutMs`: an idle keep-alive connection is closed after it. @default 5000
 * - `connectionsCheckingIntervalMs`: how often the two timeouts above are checked; a slow
 *   client is cut off at most this long after its timeout. @default 1000
 * - `maxConnections`: open connections at most; past it new ones are closed at once while
 *   existing ones are served. Keep it and the files the app opens under `ulimit -n`. @default 256
 * - `maxConnectionsPerClient`: open connections from one address at most (not counted for
 *   trusted proxies). @default 32
 * - `bodyLimit`: largest request body in bytes (413 past it). @default 65536
 * - `trustProxy`: which peers may set `X-Forwarded-For`/`-Proto` (fastify's `trustProxy`): the
 *   client address (`request.ip`) and scheme (`request.protocol`) come from them. @default false
 * - `ballast`: options of the {@link ballast} plugin the server registers.
 */
export type ServerOptions = Static<typeof ServerOptionsSchema>;

/** The {@link ServerLimits} of a config that embeds them beside options of its own. */
export function limitsOf(config: object): ServerLimits {
  const keys = new Set(Object.keys(ServerLimitsSchema.properties));
  return Object.fromEntries(
    Object.entries(config).filter(([key]) => keys.has(key)),
  ) as ServerLimits;
}
