import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { OptionsReader } from '@ballast/core';

/** Delay before restarting a crashed worker: `initialMs × multiplier^(crashes in a row)`, capped. */
export interface RestartBackoff {
  /** @default 500 */
  readonly initialMs?: number;
  /** @default 30000 */
  readonly maxMs?: number;
  /** @default 2 */
  readonly multiplier?: number;
}

/** Options of {@link runCluster}. */
export interface ClusterOptions {
  /** The worker entry point (a `.js`/`.mjs` file); every worker runs it. */
  readonly script: string;
  /** @default os.availableParallelism() */
  readonly workers?: number;
  /** Arguments passed to the script. @default [] */
  readonly args?: readonly string[];
  /** Extra environment variables for workers (each also gets `BALLAST_WORKER_SLOT`). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Node options for workers. @default the primary's `process.execArgv` */
  readonly execArgv?: readonly string[];
  /**
   * When a worker counts as ready: `listening` (its server called `listen()`, the right choice
   * for HTTP apps) or `online` (the process started; for workers without a server).
   * @default 'listening'
   */
  readonly readyOn?: 'listening' | 'online';
  /**
   * Serve every worker's prom-client metrics, aggregated, on `http://host:port/metrics` from the
   * primary. Port 0 picks a free port (see `ClusterHandle.metricsUrl`). Unset: no server.
   * @default undefined
   */
  readonly metrics?: { readonly port: number; readonly host?: string };
  /** Backoff between restarts of a crashing worker. */
  readonly restartBackoff?: RestartBackoff;
  /**
   * A worker up this long is stable: its next crash restarts after `initialMs` again.
   * @default 30000
   */
  readonly stableAfterMs?: number;
  /**
   * How long a new worker may take to become ready during a reload before the reload stops.
   * @default 30000
   */
  readonly readyTimeoutMs?: number;
  /**
   * How long a disconnected worker may take to finish its requests and exit before it is killed.
   * @default 10000
   */
  readonly shutdownTimeoutMs?: number;
  /**
   * Reload on SIGHUP, shut down gracefully on SIGTERM and SIGINT (a second one kills at once).
   * @default true
   */
  readonly handleSignals?: boolean;
  /** Where the primary's log lines go. @default a line on stderr */
  readonly log?: (message: string) => void;
}

/** {@link ClusterOptions} checked, defaults filled in. */
export interface ClusterSettings {
  readonly script: string;
  readonly workers: number;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly execArgv: readonly string[];
  readonly readyOn: 'listening' | 'online';
  readonly metrics: { readonly port: number; readonly host: string } | undefined;
  readonly restart: {
    readonly initialMs: number;
    readonly maxMs: number;
    readonly multiplier: number;
  };
  readonly stableAfterMs: number;
  readonly readyTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly handleSignals: boolean;
  readonly log: (message: string) => void;
}

const KEYS = [
  'script',
  'workers',
  'args',
  'env',
  'execArgv',
  'readyOn',
  'metrics',
  'restartBackoff',
  'stableAfterMs',
  'readyTimeoutMs',
  'shutdownTimeoutMs',
  'handleSignals',
  'log',
];

function stringList(
  read: OptionsReader,
  key: string,
  fallback: readonly string[],
): readonly string[] {
  const value = read.raw(key);
  if (value === undefined) return fallback;
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
    ? [...(value as string[])]
    : read.fail(key, 'an array of strings');
}

/** Checks {@link ClusterOptions}; a bad value is a `ConfigError` naming it. */
export function readClusterOptions(options: ClusterOptions): ClusterSettings {
  const read = new OptionsReader('runCluster', options, KEYS);
  if (!read.has('script')) read.fail('script', 'the path of the worker script (required)');
  const env = read.raw('env') ?? {};
  const validEnv =
    typeof env === 'object' &&
    env !== null &&
    Object.values(env).every((value) => typeof value === 'string');
  if (!validEnv) read.fail('env', 'an object of string values');
  const metrics =
    options.metrics === undefined
      ? undefined
      : new OptionsReader('runCluster metrics', options.metrics, ['port', 'host']);
  const backoff = new OptionsReader('runCluster restartBackoff', options.restartBackoff, [
    'initialMs',
    'maxMs',
    'multiplier',
  ]);
  const initialMs = backoff.number('initialMs', 500, { min: 0, max: 600_000 });
  return {
    script: resolve(read.string('script', '')),
    workers: read.number('workers', availableParallelism(), { integer: true, min: 1, max: 1024 }),
    args: stringList(read, 'args', []),
    env: env as Record<string, string>,
    execArgv: stringList(read, 'execArgv', process.execArgv),
    readyOn: read.oneOf('readyOn', 'listening', ['listening', 'online']),
    metrics:
      metrics === undefined
        ? undefined
        : {
            port: metrics.has('port')
              ? metrics.number('port', 0, { integer: true, min: 0, max: 65_535 })
              : metrics.fail('port', 'a port number (required)'),
            host: metrics.string('host', '127.0.0.1'),
          },
    restart: {
      initialMs,
      maxMs: backoff.number('maxMs', Math.max(30_000, initialMs), {
        min: initialMs,
        max: 3_600_000,
      }),
      multiplier: backoff.number('multiplier', 2, { min: 1, max: 100 }),
    },
    stableAfterMs: read.number('stableAfterMs', 30_000, { min: 0 }),
    readyTimeoutMs: read.number('readyTimeoutMs', 30_000, { above: 0 }),
    shutdownTimeoutMs: read.number('shutdownTimeoutMs', 10_000, { min: 0 }),
    handleSignals: read.boolean('handleSignals', true),
    log:
      read.func<(message: string) => void>('log') ??
      ((message) => process.stderr.write(`ballast: ${message}\n`)),
  };
}
