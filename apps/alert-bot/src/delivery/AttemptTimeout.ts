/** Successful attempts remembered per channel. */
const WINDOW = 100;
/** Attempts needed before the observed latency is trusted. */
const MIN_SAMPLES = 20;
/** The timeout is this many times the observed p99. */
const MULTIPLIER = 4;

/**
 * The attempt timeout of one channel, sized from its own latency: four times the p99 of its
 * last 100 successful attempts, kept between a floor and a ceiling (the ceiling until 20
 * attempts succeeded). A receiver that hangs now and then then costs about the floor per hung
 * attempt, not the ceiling, while a receiver that is slow for everyone keeps a timeout above
 * its slow answers.
 */
export class AttemptTimeout {
  readonly #samples: number[] = [];
  #next = 0;
  #current: number;

  constructor(
    private readonly floorMs: number,
    private readonly ceilingMs: number,
  ) {
    this.#current = ceilingMs;
  }

  /** The time limit for the next attempt. */
  get ms(): number {
    return this.#current;
  }

  /** Records the duration of a successful attempt. */
  observe(durationMs: number): void {
    if (this.#samples.length < WINDOW) this.#samples.push(durationMs);
    else this.#samples[this.#next] = durationMs;
    this.#next = (this.#next + 1) % WINDOW;
    // Re-sized every tenth sample: a sort of 100 numbers, off the path of any single attempt.
    if (this.#samples.length >= MIN_SAMPLES && this.#next % 10 === 0) this.#resize();
  }

  #resize(): void {
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
    const floor = Math.min(this.floorMs, this.ceilingMs);
    this.#current = Math.min(this.ceilingMs, Math.max(floor, Math.ceil(p99 * MULTIPLIER)));
  }
}
