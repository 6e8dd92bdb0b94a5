import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The `alert-bot` command, as npm links it: node runs it directly. */
export const BIN = fileURLToPath(new URL('../../bin/alert-bot.js', import.meta.url));

/** The environment of the child processes: this one's, without Jest's module flags. */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

/**
 * `alert-bot serve --config <file>` as a child process, started the way an operator starts it:
 * `node bin/alert-bot.js`, so the child's pid is the bot's. `start()` resolves with the intake
 * URL once the bot prints it.
 */
export class AlertBotProcess {
  #child: ChildProcess | undefined;
  stdout = '';
  stderr = '';

  constructor(private readonly configFile: string) {}

  /** Pid of the running bot. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async start(): Promise<string> {
    const child = spawn(process.execPath, [BIN, 'serve', '--config', this.configFile], {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout! });
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`alert-bot exited with ${String(code)} before listening:\n${this.stderr}`);
    });
    const listening = new Promise<string>((resolve) => {
      lines.on('line', (line) => {
        this.stdout += `${line}\n`;
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
