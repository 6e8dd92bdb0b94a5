import type { FlagsDocument } from '@ballast/flags';
import { ServerLimitsSchema } from '@ballast/fastify';
import { Defaulted, type Parsed } from '@ballast/schema';
import Type, { type Static } from 'typebox';
import { DEFAULT_FLAGS } from './defaultFlags.js';

const ms = (min: number, max: number) => Type.Integer({ minimum: min, maximum: max });

/**
 * Settings of the notes service, declared once: the TypeScript types, the defaults, the checks
 * (each field named, never its value) and `schema/notes-config.schema.json` come from here.
 * Every field is optional: the defaults run the service locally (data under `.data/notes`,
 * HTTP on 127.0.0.1:8787). The server's limits take `@ballast/fastify`'s names.
 */
export const NotesConfigSchema = Type.Object(
  {
    dataDir: Defaulted(
      Type.String({
        minLength: 1,
        description: "every user's database, the aggregate, the API keys and the log",
      }),
      '.data/notes',
    ),
    host: Defaulted(Type.String({ minLength: 1 }), '127.0.0.1'),
    port: Defaulted(
      Type.Integer({ minimum: 0, maximum: 65_535, description: '0 picks a free one' }),
      8787,
    ),
    ...ServerLimitsSchema.properties,
    auth: Defaulted(
      Type.Object(
        {
          maxFailures: Defaulted(
            Type.Integer({
              minimum: 1,
              maximum: 10_000,
              description: 'wrong keys per client within windowMs before 429',
            }),
            5,
          ),
          windowMs: Defaulted(ms(1, 86_400_000), 60_000),
        },
        { additionalProperties: false },
      ),
      {},
    ),
    durability: Defaulted(
      Type.Enum(['normal', 'full'], {
        description:
          'full: every acknowledged write survives power loss (fsync per commit); normal: survives a process crash',
      }),
      'full',
    ),
    maxTextChars: Defaulted(Type.Integer({ minimum: 1, maximum: 1_000_000 }), 20_000),
    maxOpenStores: Defaulted(Type.Integer({ minimum: 1, maximum: 100_000 }), 200),
    storeIdleMs: Defaulted(Type.Integer({ minimum: 0 }), 60_000),
    storeTimeoutMs: Defaulted(ms(1, 600_000), 2_000),
    busyAttempts: Defaulted(Type.Integer({ minimum: 1, maximum: 20 }), 3),
    breakerFailures: Defaulted(Type.Integer({ minimum: 1, maximum: 1_000 }), 5),
    breakerOpenMs: Defaulted(ms(1, 86_400_000), 30_000),
    lastKnownGoodMs: Defaulted(Type.Integer({ minimum: 0 }), 300_000),
    lastKnownGoodEntries: Defaulted(Type.Integer({ minimum: 1, maximum: 10_000_000 }), 10_000),
    relayIntervalMs: Defaulted(ms(1, 3_600_000), 1_000),
    logLevel: Defaulted(Type.Enum(['error', 'warn', 'info', 'debug']), 'info'),
    logCalls: Defaulted(
      Type.Boolean({ description: 'a log line for every successful service call' }),
      false,
    ),
    flags: Defaulted(
      Type.Unsafe<FlagsDocument>({
        type: 'object',
        description: 'a flags document (see @ballast/flags)',
      }),
      DEFAULT_FLAGS,
    ),
    flagsFile: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'a flags JSON file watched for changes, layered over flags',
      }),
    ),
  },
  { additionalProperties: false },
);

/** Options of the notes service as written (every field optional). */
export type NotesOptions = Static<typeof NotesConfigSchema>;

/** Validated settings: every default filled in, paths resolved. */
export type NotesConfig = Parsed<typeof NotesConfigSchema>;
