#!/usr/bin/env node
/**
 * The `notes` command. From apps/notes: `npm run notes -- <command>`, or
 * `npx tsx --tsconfig ../../tsconfig.base.json --conditions=ballast-source src/cli.ts <command>`.
 */
import { runCli } from './cli/runCli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: process.stdout,
  err: process.stderr,
});
