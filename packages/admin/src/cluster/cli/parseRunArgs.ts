import { ConfigError } from '@ballast/core';
import type { ClusterOptions } from '../ClusterOptions.js';

/** Usage of `ballast run`, printed by `--help` and after a usage error. */
export const RUN_USAGE = `Usage: ballast run [options] <script> [script args...]

Runs <script> in several worker processes (node:cluster).
  --workers <n>            worker processes (default: available CPUs)
  --metrics-port <port>    serve every worker's prom-client metrics on one /metrics (0: any free port)
  --metrics-host <host>    address of the metrics server (default 127.0.0.1)
  --ready <event>          when a worker is ready: listening (default) or online
  --shutdown-timeout <ms>  time a worker gets to finish its requests before it is killed (default 10000)
  -h, --help               show this help

Signals: SIGHUP reloads workers one at a time; SIGTERM/SIGINT shut down gracefully.`;

const VALUE_OPTIONS: Record<string, string> = {
  '--workers': 'workers',
  '--metrics-port': 'metricsPort',
  '--metrics-host': 'metricsHost',
  '--ready': 'ready',
  '--shutdown-timeout': 'shutdownTimeout',
};

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text))
    throw new ConfigError(
      `ballast run: ${flag} must be a whole number (got "${text}").\n\n${RUN_USAGE}`,
    );
  return Number(text);
}

/**
 * Reads the arguments after `ballast run`. Options come before the script; everything after the
 * script is passed to it untouched. Returns `'help'` for `--help`.
 */
export function parseRunArgs(argv: readonly string[]): ClusterOptions | 'help' {
  const values: Record<string, string> = {};
  let index = 0;
  for (; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === '-h' || token === '--help') return 'help';
    if (!token.startsWith('-')) break;
    const [flag, inline] = token.includes('=')
      ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)]
      : [token, undefined];
    const key = VALUE_OPTIONS[flag];
    if (key === undefined)
      throw new ConfigError(`ballast run: unknown option "${flag}".\n\n${RUN_USAGE}`);
    const value = inline ?? argv[++index];
    if (value === undefined)
      throw new ConfigError(`ballast run: ${flag} needs a value.\n\n${RUN_USAGE}`);
    values[key] = value;
  }
  const script = argv[index];
  if (script === undefined)
    throw new ConfigError(`ballast run: missing the script to run.\n\n${RUN_USAGE}`);
  const ready = values['ready'];
  if (ready !== undefined && ready !== 'listening' && ready !== 'online') {
    throw new ConfigError(`ballast run: --ready must be listening or online (got "${ready}").`);
  }
  return {
    script,
    args: argv.slice(index + 1),
    ...(values['workers'] === undefined
      ? {}
      : { workers: integer('--workers', values['workers']) }),
    ...(values['metricsPort'] === undefined
      ? {}
      : {
          metrics: {
            port: integer('--metrics-port', values['metricsPort']),
            host: values['metricsHost'] ?? '127.0.0.1',
          },
        }),
    ...(ready === undefined ? {} : { readyOn: ready }),
    ...(values['shutdownTimeout'] === undefined
      ? {}
      : { shutdownTimeoutMs: integer('--shutdown-timeout', values['shutdownTimeout']) }),
  };
}
