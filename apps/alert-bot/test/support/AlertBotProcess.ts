import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** apps/alert-bot: tsx finds the app's tsconfig (legacy decorators) from here. */
export const APP_DIR = fileURLToPath(new URL('..', new URL('..', import.meta.url)));

/**
 * `alert-bot serve --config <file>` as a child process, run the way the README documents it
 * (node with tsx's loader and the `ballast-source` condition). `start()` resolves with the
 * intake URL once the bot prints it.
 */
export class AlertBotProcess {
  #child: ChildProcess | undefined;
  stderr = '';

  constructor(private readonly configFile: string) {}

  async start(): Promise<string> {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx/esm',
        '--conditions=ballast-source',
        'src/cli.ts',
        'serve',
        '--config',
        this.configFile,
      ],
      {
        cwd: APP_DIR,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.#child = child;
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout! });
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`alert-bot exited with ${String(code)} before listening:\n${this.stderr}`);
    });
    const listening = new Promise<string>((resolve) => {
      lines.on('line', (line) => {
        const match = /listening on (\S+)/.exec(line);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
    });
    try {
      return await Promise.race([listening, exited]);
    } finally {
      exited.catch(() => undefined);
    }
  }

  /** Sends `signal` and resolves with the exit code (null when killed by the signal). */
  async stop(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null)
      return child?.exitCode ?? null;
    const exited = once(child, 'exit');
    child.kill(signal);
    const [code] = (await exited) as [number | null];
    this.#child = undefined;
    return code;
  }
}
