import type { CliIo } from './CliIo.js';

const WIDTH = 30;

/**
 * A text progress bar for long jobs. On a terminal it redraws one line in place; elsewhere
 * (pipes, CI logs) it prints a line at every tenth of the way so logs stay short.
 */
export class ProgressBar {
  readonly #stream: CliIo['err'];
  readonly #label: string;
  #lastTenth = -1;

  constructor(stream: CliIo['err'], label: string) {
    this.#stream = stream;
    this.#label = label;
  }

  /** Shows `done` of `total`, with what was just processed. */
  update(done: number, total: number, current: string): void {
    const fraction = total === 0 ? 1 : done / total;
    const filled = Math.round(fraction * WIDTH);
    const line = `${this.#label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total} ${Math.floor(fraction * 100)}% ${current}`;
    if (this.#stream.isTTY === true) {
      this.#stream.write(`\r\x1b[2K${line}`);
      if (done === total) this.#stream.write('\n');
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth !== this.#lastTenth) {
      this.#lastTenth = tenth;
      this.#stream.write(`${line}\n`);
    }
  }
}
