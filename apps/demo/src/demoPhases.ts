/** What the chaos upstream does during a phase. */
export type UpstreamMode = 'healthy' | 'failing' | 'hanging';

/** One step of the outage story the traffic generator plays. */
export interface DemoPhase {
  /** Short label shown on the progress line. */
  readonly name: string;
  readonly mode: UpstreamMode;
  /** Offset from the start of the cycle, ms. */
  readonly startMs: number;
}

/**
 * Shares of a cycle: a healthy start fills the last-known-good caches, the outage is long
 * enough for a breaker to open and probe again, and the recovery leaves time for it to close
 * and for the queued alerts to go out. Tuned so a 20 s cycle shows every effect.
 */
const SHARES: readonly (readonly [string, UpstreamMode, number])[] = [
  ['healthy', 'healthy', 0],
  ['down (5xx)', 'failing', 0.15],
  ['slow (hangs)', 'hanging', 0.4],
  ['recovered', 'healthy', 0.6],
];

/** The phases of one cycle of `cycleMs`, in order. */
export function demoPhases(cycleMs: number): readonly DemoPhase[] {
  return SHARES.map(([name, mode, share]) => ({
    name,
    mode,
    startMs: Math.round(share * cycleMs),
  }));
}

/** The phase in force `elapsedMs` after the start; cycles repeat when the demo runs on. */
export function phaseAt(
  phases: readonly DemoPhase[],
  cycleMs: number,
  elapsedMs: number,
): DemoPhase {
  const offset = elapsedMs % cycleMs;
  let current = phases[0]!;
  for (const phase of phases) if (phase.startMs <= offset) current = phase;
  return current;
}
