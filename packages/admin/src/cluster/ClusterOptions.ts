import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Defaulted, parseConfig, type Parsed } from '@ballast/schema';
import Type, { type Static } from 'typebox';

const ms = (max: number) => Type.Number({ minimum: 0, maximum: max });

/**
 * Options of {@link runCluster}, declared once (type, defaults, checks).
 *
 * - `script` (required): the worker entry point (a `.js`/`.mjs` file); every worker runs it.
 * - `workers`: @default os.availableParallelism()
 * - `args`: arguments passed to the script. @default []
 * - `env`: extra environment variables (each worker also gets `BALLAST_WORKER_SLOT`). @default {}
 * - `execArgv`: Node options for workers. @default the primary's `process.execArgv`
 * - `readyOn`: `listening` (the worker's server called `listen()`) or `online` (the process
 *   started; for workers without a server). @default 'listening'
 * - `metrics`: `{ port, host? }` to serve every worker's prom-client metrics, aggregated, on
 *   `http://host:port/metrics` from the primary (port 0 picks one). @default none
 * - `restartBackoff`: delay before restarting a crashed worker, `initialMs × multiplier^(crashes
 *   in a row)` capped at `maxMs`. @default { initialMs: 500, maxMs: 30000, multiplier: 2 }
 * - `stableAfterMs`: a worker up this long is stable; its next crash restarts after `initialMs`
 *   again. @default 30000
 * - `readyTimeoutMs`: how long a new worker may take to become ready during a reload. @default 30000
 * - `shutdownTimeoutMs`: how long a disconnected worker may take to exit before it is killed.
 *   @default 10000
 * - `handleSignals`: reload on SIGHUP, shut down on SIGTERM and SIGINT (a second kills at once).
 *   @default true
 * - `log`: where the primary's log lines go. @default a line on stderr
 */
export const ClusterOptionsSchema = Type.Object(
  {
    script: Type.String({ minLength: 1, description: 'the path of the worker script' }),
    workers: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_024 })),
    args: Defaulted(Type.Array(Type.String()), []),
    env: Defaulted(Type.Record(Type.String(), Type.String()), {}),
    execArgv: Type.Optional(Type.Array(Type.String())),
    readyOn: Defaulted(Type.Enum(['listening', 'online']), 'listening'),
    metrics: Type.Optional(
      Type.Object(
        {
          port: Type.Integer({ minimum: 0, maximum: 65_535 }),
          host: Defaulted(Type.String({ minLength: 1 }), '127.0.0.1'),
        },
        { additionalProperties: false },
      ),
    ),
    restartBackoff: Defaulted(
      Type.Refine(
        Type.Object(
          {
            initialMs: Defaulted(ms(600_000), 500),
            maxMs: Defaulted(ms(3_600_000), 30_000),
            multiplier: Defaulted(Type.Number({ minimum: 1, maximum: 100 }), 2),
          },
          { additionalProperties: false },
        ),
        (backoff) => backoff.maxMs! >= backoff.initialMs!,
        () => 'maxMs must be at least initialMs',
      ),
      {},
    ),
    stableAfterMs: Defaulted(ms(86_400_000), 30_000),
    readyTimeoutMs: Defaulted(Type.Number({ exclusiveMinimum: 0, maximum: 3_600_000 }), 30_000),
    shutdownTimeoutMs: Defaulted(ms(3_600_000), 10_000),
    handleSignals: Defaulted(Type.Boolean(), true),
    log: Type.Optional(Type.Unsafe<(message: string) => void>({ description: 'a function' })),
  },
  { additionalProperties: false },
);

/** Options of {@link runCluster}, as given. */
export type ClusterOptions = Static<typeof ClusterOptionsSchema>;

/** {@link ClusterOptions} checked, every default filled in. */
export type ClusterSettings = Parsed<typeof ClusterOptionsSchema> & {
  readonly workers: number;
  readonly execArgv: string[];
  readonly log: (message: string) => void;
};

/** Checks {@link ClusterOptions}; a bad value is a `ConfigError` naming it. */
export function readClusterOptions(options: ClusterOptions): ClusterSettings {
  const parsed = parseConfig(ClusterOptionsSchema, options, 'runCluster options');
  return {
    ...parsed,
    script: resolve(parsed.script),
    workers: parsed.workers ?? availableParallelism(),
    execArgv: parsed.execArgv ?? process.execArgv,
    log: parsed.log ?? ((message) => process.stderr.write(`ballast: ${message}\n`)),
  };
}
