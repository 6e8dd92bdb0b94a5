import { parseArgs } from 'node:util';
import { BallastError } from '@ballast/core';
import { addUserCommand } from './addUserCommand.js';
import { backupCommand } from './backupCommand.js';
import type { CliIo } from './CliIo.js';
import { listKeysCommand, revokeKeyCommand } from './keysCommands.js';
import { COMMON_FLAGS, loadCliOptions } from './loadCliOptions.js';
import { migrateCommand } from './migrateCommand.js';
import { restoreCommand } from './restoreCommand.js';
import { serveCommand } from './serveCommand.js';
import { statsCommand } from './statsCommand.js';

/** The CLI's help text. */
export const USAGE = `usage: notes <command> [options]

commands:
  serve                    run the HTTP API (stop with Ctrl-C)
  add-user <id>            create an API key for a user and print it
  list-keys [--json]       key ids, users and creation times (never a secret)
  revoke-key <keyId>       delete a key; a running server refuses it at once
  migrate --all            migrate every user's database, with a progress bar
  backup <user> [--to f]   online backup of one user's database
  restore <user> <file>    replace a user's database with a backup (lifts a quarantine)
  stats [--catch-up] [--json]
                           all-user figures from the aggregate database

options (every command):
  --data-dir <dir>         data folder (default .data/notes)
  --config <file.json>     notes options as JSON (flags override it)
  --host <addr> --port <n> where serve listens (default 127.0.0.1:8787)
  --durability normal|full SQLite synchronous level (default full)
`;

/** Exit statuses: 0 done, 1 failed, 2 bad usage or configuration. */
function fail(io: CliIo, message: string, status: 1 | 2): number {
  io.err.write(`notes: ${message}\n`);
  return status;
}

/**
 * Runs one CLI command with `argv` (without node and the script). Returns the exit status;
 * `serve` keeps running after it returns, until SIGINT or SIGTERM.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...COMMON_FLAGS,
        all: { type: 'boolean' },
        to: { type: 'string' },
        'catch-up': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail(io, `${(error as Error).message}\n\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  const [command, argument, ...extra] = positionals;
  if (values.help === true || command === undefined || command === 'help') {
    io.out.write(USAGE);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  try {
    const options = loadCliOptions(values);
    switch (command) {
      case 'serve':
        await serveCommand(options, io, true);
        return 0;
      case 'add-user':
        if (argument === undefined || extra.length > 0)
          return fail(io, 'add-user needs exactly one user id', 2);
        addUserCommand(options, io, argument);
        return 0;
      case 'list-keys':
        if (argument !== undefined) return fail(io, 'list-keys takes no argument', 2);
        listKeysCommand(options, io, values.json === true);
        return 0;
      case 'revoke-key':
        if (argument === undefined || extra.length > 0)
          return fail(io, 'revoke-key needs exactly one key id', 2);
        if (revokeKeyCommand(options, io, argument)) return 0;
        return fail(io, `no key has the id ${JSON.stringify(argument)} (see list-keys)`, 1);
      case 'migrate':
        if (values.all !== true)
          return fail(
            io,
            'migrate needs --all (every user is migrated; users are also migrated lazily on first use)',
            2,
          );
        return (await migrateCommand(options, io)).failed.length === 0 ? 0 : 1;
      case 'backup':
        if (argument === undefined || extra.length > 0)
          return fail(io, 'backup needs exactly one user id', 2);
        await backupCommand(options, io, argument, values.to);
        return 0;
      case 'restore':
        if (argument === undefined || extra.length !== 1)
          return fail(io, 'restore needs a user id and a backup file', 2);
        await restoreCommand(options, io, argument, extra[0]!);
        return 0;
      case 'stats':
        await statsCommand(options, io, {
          catchUp: values['catch-up'] === true,
          json: values.json === true,
        });
        return 0;
      default:
        return fail(io, `unknown command "${command}"\n\n${USAGE}`, 2);
    }
  } catch (error) {
    const coded = BallastError.is(error);
    const status = coded && (error as BallastError).code === 'BALLAST_ERR_CONFIG' ? 2 : 1;
    return fail(
      io,
      coded
        ? `${(error as BallastError).message} (${(error as BallastError).code})`
        : String(error),
      status,
    );
  }
}
