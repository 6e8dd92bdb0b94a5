import { describe, expect, it } from '@jest/globals';
import { demoPhases, phaseAt } from './demoPhases.js';

describe('demoPhases', () => {
  it('scales healthy, down, slow and recovered phases with the cycle', () => {
    expect(demoPhases(20_000).map((phase) => [phase.mode, phase.startMs])).toEqual([
      ['healthy', 0],
      ['failing', 3_000],
      ['hanging', 8_000],
      ['healthy', 12_000],
    ]);
  });

  it('leaves at least 40 % of the cycle for the recovery, so breakers can close before the end', () => {
    const phases = demoPhases(20_000);
    expect(phases.at(-1)!.startMs).toBeLessThanOrEqual(12_000);
  });
});

describe('phaseAt', () => {
  const phases = demoPhases(20_000);

  it('finds the phase in force at a moment of the cycle', () => {
    expect(phaseAt(phases, 20_000, 2_999).name).toBe('healthy');
    expect(phaseAt(phases, 20_000, 3_000).name).toBe('down (5xx)');
    expect(phaseAt(phases, 20_000, 9_000).name).toBe('slow (hangs)');
    expect(phaseAt(phases, 20_000, 19_999).name).toBe('recovered');
  });

  it('starts the story again after a full cycle', () => {
    expect(phaseAt(phases, 20_000, 20_500).name).toBe('healthy');
    expect(phaseAt(phases, 20_000, 24_000).name).toBe('down (5xx)');
  });
});
