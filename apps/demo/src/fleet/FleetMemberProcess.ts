import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FleetMemberLine } from './fleetDemoProtocol.js';

type LineOf<T extends FleetMemberLine['type']> = Extract<FleetMemberLine, { type: T }>;

/**
 * One fleet demo instance (`fleetMember`) in its own Node process, started with this process's
 * loader flags (tsx under `npm start`), spoken to in lines.
 */
export class FleetMemberProcess {
  readonly instanceId: string;
  /** The latest tick it printed. */
  last: LineOf<'tick'> | undefined;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: FleetMemberLine[] = [];
  #listeners: (() => boolean)[] = [];
  #stderr = '';
  #exited = false;

  constructor(redisUrl: string, keyPrefix: string, instanceId: string, token: string) {
    this.instanceId = instanceId;
    const script = fileURLToPath(
      new URL(`./fleetMember${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
    );
    this.#child = spawn(process.execPath, [...process.execArgv, script, keyPrefix, instanceId], {
      env: {
        ...process.env,
        BALLAST_FLEET_DEMO_REDIS_URL: redisUrl,
        BALLAST_FLEET_DEMO_TOKEN: token,
      },
    });
    this.#child.stderr.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString()));
    createInterface({ input: this.#child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as FleetMemberLine;
      if (line.type === 'tick') this.last = line;
      this.#lines.push(line);
      this.#notify();
    });
    this.#child.on('exit', () => {
      this.#exited = true;
      this.#notify();
    });
  }

  /** Resolves with its first line of `type`; rejects when it exits first (with its stderr). */
  next<T extends FleetMemberLine['type']>(type: T): Promise<LineOf<T>> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const line = this.#lines.find((one) => one.type === type);
        if (line !== undefined) resolve(line as LineOf<T>);
        else if (this.#exited)
          reject(new Error(`fleet instance ${this.instanceId} exited:\n${this.#stderr}`));
        else return false;
        return true;
      };
      if (!check()) this.#listeners.push(check);
    });
  }

  /** Starts its callers. */
  run(): void {
    if (!this.#exited) this.#child.stdin.write('run\n');
  }

  /** Stops its callers; it prints its totals and exits (its stdin is closed too). */
  stop(): void {
    if (!this.#exited) this.#child.stdin.end('stop\n');
  }

  /** Ends the process at once (a demo interrupted before its instances were ready). */
  kill(): void {
    if (!this.#exited) this.#child.kill('SIGKILL');
  }

  #notify(): void {
    this.#listeners = this.#listeners.filter((check) => !check());
  }
}
