import { describe, expect, it } from '@jest/globals';
import type { DemoSnapshot } from './DemoObserver.js';
import { emptyColumn } from './demoTally.js';
import { progressLine } from './progressLine.js';
import { summaryTable } from './summaryTable.js';

const snapshot: DemoSnapshot = {
  columns: {
    storefront: {
      ...emptyColumn(),
      calls: 370,
      retries: 9,
      breakerOpened: 4,
      breakerClosed: 1,
      fallbacks: 171,
      timeouts: 1,
    },
    'alert bot': {
      ...emptyColumn(),
      calls: 52,
      retries: 6,
      breakerOpened: 8,
      breakerClosed: 2,
      fallbacks: 13,
      timeouts: 4,
    },
    notes: { ...emptyColumn(), calls: 444 },
  },
  total: {
    calls: 866,
    retries: 15,
    breakerOpened: 12,
    breakerClosed: 3,
    fallbacks: 184,
    timeouts: 5,
  },
  alerts: { accepted: 14, delivered: 13, deadLettered: 1 },
};

describe('summaryTable', () => {
  it('prints one row per count with a column per service and the total last, right-aligned', () => {
    const lines = summaryTable(20.2, snapshot).split('\n');

    expect(lines[0]).toBe('ballast demo summary after 20 s');
    expect(lines[1]).toMatch(/^\s+storefront {2}alert bot {2}notes {2}total$/);
    expect(lines).toContainEqual(expect.stringMatching(/^calls\s+370\s+52\s+444\s+866$/));
    expect(lines).toContainEqual(expect.stringMatching(/^breaker opened\s+4\s+8\s+0\s+12$/));
    expect(lines).toContainEqual(expect.stringMatching(/^breaker closed\s+1\s+2\s+0\s+3$/));
  });

  it('ends with the alerts accepted, delivered and dead-lettered in the total column', () => {
    const lines = summaryTable(20, snapshot).split('\n');

    expect(lines.slice(-3).map((line) => line.replace(/\s+/g, ' '))).toEqual([
      'alerts accepted 14',
      'alerts delivered 13',
      'alerts dead-lettered 1',
    ]);
  });
});

describe('progressLine', () => {
  it('shows elapsed time, phase, calls, retries, breaker transitions, fallbacks and alerts delivered', () => {
    expect(progressLine(6.4, 'down (5xx)', snapshot)).toBe(
      '   6s down (5xx)   │ calls 866 │ retries 15 │ breakers ↑12 ↓3 │ fallbacks 184 │ alerts delivered 13',
    );
  });
});
