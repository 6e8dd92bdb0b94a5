import type { ChaosFaults, ChaosServer } from '@ballast/testing';
import { type DemoPhase, demoPhases, phaseAt, type UpstreamMode } from './demoPhases.js';

/**
 * Plays the outage story on the chaos upstream: every 100 ms it works out the phase of the
 * cycle and, when it changed, switches the upstream's faults. Cycles repeat until stopped.
 */
export class PhaseDriver {
  readonly #chaos: ChaosServer;
  readonly #faultsFor: (mode: UpstreamMode) => ChaosFaults;
  readonly #cycleMs: number;
  readonly #phases: readonly DemoPhase[];
  readonly #startedAt: number;
  #current: DemoPhase;
  #cycle = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param cycleMs - length of one healthy → down → slow → recovered cycle.
   * @param faultsFor - the upstream's faults in each mode (`upstreamFaults`).
   */
  constructor(chaos: ChaosServer, cycleMs: number, faultsFor: (mode: UpstreamMode) => ChaosFaults) {
    this.#chaos = chaos;
    this.#faultsFor = faultsFor;
    this.#cycleMs = cycleMs;
    this.#phases = demoPhases(cycleMs);
    this.#startedAt = Date.now();
    this.#current = this.#phases[0]!;
    chaos.setFaults(faultsFor(this.#current.mode));
  }

  /** The phase in force. */
  get phase(): DemoPhase {
    return this.#current;
  }

  /** Seconds since the driver was created. */
  get elapsedSeconds(): number {
    return (Date.now() - this.#startedAt) / 1_000;
  }

  /** Starts switching phases. */
  start(): void {
    this.#timer ??= setInterval(() => this.#tick(), 100);
  }

  /** Stops switching and leaves the upstream healthy, so requests in flight can finish. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#chaos.setFaults(this.#faultsFor('healthy'));
  }

  #tick(): void {
    const elapsed = Date.now() - this.#startedAt;
    const cycle = Math.floor(elapsed / this.#cycleMs);
    const phase = phaseAt(this.#phases, this.#cycleMs, elapsed);
    if (phase === this.#current && cycle === this.#cycle) return;
    this.#current = phase;
    this.#cycle = cycle;
    this.#chaos.setFaults(this.#faultsFor(phase.mode));
  }
}
