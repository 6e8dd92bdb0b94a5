import type { DemoObserver } from './DemoObserver.js';
import type { PhaseDriver } from './PhaseDriver.js';
import { progressLine } from './progressLine.js';

/** Where progress goes: a terminal gets one line rewritten in place, anything else a line every few seconds. */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const TTY_INTERVAL_MS = 250;
const LOG_INTERVAL_MS = 3_000;

/** Prints the demo's progress line until stopped. */
export class ProgressReporter {
  readonly #out: ProgressOutput;
  readonly #driver: PhaseDriver;
  readonly #observer: DemoObserver;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(out: ProgressOutput, driver: PhaseDriver, observer: DemoObserver) {
    this.#out = out;
    this.#driver = driver;
    this.#observer = observer;
  }

  start(): void {
    const tty = this.#out.isTTY === true;
    this.#timer ??= setInterval(() => this.#print(tty), tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS);
  }

  /** Stops printing; on a terminal, ends the line being rewritten. */
  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#out.isTTY === true) this.#out.write('\n');
  }

  #print(tty: boolean): void {
    const line = progressLine(
      this.#driver.elapsedSeconds,
      this.#driver.phase.name,
      this.#observer.snapshot(),
    );
    this.#out.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }
}
