#!/usr/bin/env node
// The `alert-bot` command. Node runs this file itself, so the process an operator (or systemd,
// or a container runtime) sees is the bot, and SIGTERM reaches it: no npm, sh or tsx process
// stands in between. An installed package runs its compiled JavaScript; a source checkout
// (where src/cli.ts sits beside this file) registers tsx's loader in this same process and runs
// the TypeScript, resolving the workspace's packages to their sources too.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath, URL } from 'node:url';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(source)) {
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  // Registered last, so it runs first: every import resolves with the `ballast-source` condition.
  register(
    'data:text/javascript,' +
      encodeURIComponent(
        'export function resolve(specifier, context, next) {' +
          " return next(specifier, { ...context, conditions: [...context.conditions, 'ballast-source'] }); }",
      ),
  );
  await import(source.href);
} else {
  await import('../dist/src/cli.js');
}
