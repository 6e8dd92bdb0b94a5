import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The repository root: `npm start` runs from there. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The demo as a child process, started with the root `start` script's command. */
export interface DemoProcess {
  readonly child: ChildProcess;
  /** Everything printed so far (stdout and stderr interleaved). */
  output(): string;
  /**
   * Sends `signal` to the demo's process group, as a terminal does on Ctrl-C: the tsx CLI and
   * the node process running the demo both receive it.
   */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when `pattern` has been printed. */
  printed(pattern: RegExp): Promise<void>;
  /** Resolves with the exit code, or kills the process and rejects after `timeoutMs`. */
  exited(timeoutMs: number): Promise<number | null>;
}

/**
 * Spawns `tsx --tsconfig tsconfig.base.json --conditions=ballast-source apps/demo/src/main.ts
 * <args>` from the repository root with `CI=true` and pipes instead of a terminal, exactly what
 * `npm start -- <args>` runs in CI.
 */
export function spawnDemo(args: readonly string[]): DemoProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  delete env.NODE_OPTIONS;
  const tsx = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      tsx,
      '--tsconfig',
      'tsconfig.base.json',
      '--conditions=ballast-source',
      'apps/demo/src/main.ts',
      ...args,
    ],
    // Its own process group, like a job a shell starts in the foreground.
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const waiter of waiters.splice(0)) {
      if (waiter.pattern.test(text)) waiter.resolve();
      else waiters.push(waiter);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  const signal = (name: NodeJS.Signals): void => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      process.kill(-child.pid, name);
  };
  return {
    child,
    output: () => text,
    signal,
    printed: (pattern) =>
      pattern.test(text)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ pattern, resolve })),
            exit.then(() => {
              throw new Error(`the demo exited before printing ${String(pattern)}:\n${text}`);
            }),
          ]),
    exited: async (timeoutMs) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          signal('SIGKILL');
          reject(new Error(`the demo did not exit within ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exit, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The `total` column of a summary row (`retries`, `breaker opened`, `alerts delivered`, …). */
export function summaryTotal(output: string, label: string): number {
  const summary = output.slice(output.indexOf('ballast demo summary'));
  const row = summary.split('\n').find((line) => line.startsWith(`${label} `));
  const total = row?.trim().split(/\s+/).at(-1);
  if (total === undefined || !/^\d+$/.test(total))
    throw new Error(`no "${label}" row in the summary:\n${output}`);
  return Number(total);
}
