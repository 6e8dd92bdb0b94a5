import { BallastError } from '@ballast/core';
import { runCluster } from '../runCluster.js';
import { parseRunArgs, RUN_USAGE } from './parseRunArgs.js';

const USAGE = `Usage: ballast <command>

Commands:
  run [options] <script> [args...]   run a script in several worker processes

${RUN_USAGE}`;

/**
 * The `ballast` command line. Resolves with the exit code once the command has finished (for
 * `run`: once the cluster has shut down after SIGTERM/SIGINT).
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  if (command !== 'run') {
    process.stderr.write(`ballast: unknown command "${command}".\n\n${USAGE}\n`);
    return 1;
  }
  try {
    const options = parseRunArgs(rest);
    if (options === 'help') {
      process.stdout.write(`${RUN_USAGE}\n`);
      return 0;
    }
    const cluster = await runCluster(options);
    await cluster.closed;
    return 0;
  } catch (error) {
    // A coded error already says what to fix; anything else is unexpected and keeps its stack.
    process.stderr.write(
      `${BallastError.is(error) ? (error as Error).message : String((error as Error).stack ?? error)}\n`,
    );
    return 1;
  }
}
