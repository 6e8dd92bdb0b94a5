import { ConfigError } from '@ballast/core';

/** The demo's command line. */
export interface DemoArgs {
  /** Seconds after which the demo ends by itself; undefined runs until Ctrl-C. */
  readonly duration: number | undefined;
  /** Port of the admin server and dashboard (0: a free one). */
  readonly adminPort: number;
  /** Keep the data here instead of a temporary folder removed at the end. */
  readonly dataDir: string | undefined;
  /** Write the spans of the woven calls here, one JSON line each (`@ballast/opentelemetry`). */
  readonly traces: string | undefined;
  readonly help: boolean;
}

/** Shortest `--duration`: one cycle needs this long to show a breaker opening and closing. */
export const MIN_DURATION_SECONDS = 10;

/** Usage text of the demo. */
export const DEMO_USAGE = `Usage: npm start -- [--duration SECONDS] [--admin-port PORT] [--data-dir DIR] [--traces FILE]

  --duration N     end after N seconds (at least ${MIN_DURATION_SECONDS}) and print a summary; default: until Ctrl-C
  --admin-port P   port of the admin server and dashboard; default: a free port
  --data-dir DIR   keep databases and logs in DIR; default: a temporary folder, removed at exit
  --traces FILE    write the OpenTelemetry spans of the woven calls to FILE, one JSON line each`;

function integer(flag: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `${flag} must be an integer from ${min} to ${max} (got ${text === undefined ? 'nothing' : JSON.stringify(text)}).`,
    );
  }
  return value;
}

/**
 * Reads the demo's arguments (`--flag value` or `--flag=value`).
 * @throws ConfigError naming the bad or unknown argument.
 */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  let duration: number | undefined;
  let adminPort = 0;
  let dataDir: string | undefined;
  let traces: string | undefined;
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++index];
    if (flag === '--duration') duration = integer(flag, value(), MIN_DURATION_SECONDS, 86_400);
    else if (flag === '--admin-port') adminPort = integer(flag, value(), 0, 65_535);
    else if (flag === '--data-dir') dataDir = value();
    else if (flag === '--traces') traces = value();
    else if (flag === '--help' || flag === '-h') help = true;
    else throw new ConfigError(`Unknown argument ${JSON.stringify(arg)}.\n${DEMO_USAGE}`);
  }
  if (dataDir === '') throw new ConfigError('--data-dir needs a folder.');
  if (traces === '') throw new ConfigError('--traces needs a file.');
  return { duration, adminPort, dataDir, traces, help };
}
