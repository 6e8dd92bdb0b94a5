import { describe, expect, it } from '@jest/globals';
import { spawnDemo, summaryTotal } from './demoProcess.js';

// Bounds for 2 busy cores: tsx compiles the sources at start (a few seconds), the run lasts
// 20 s, and shutdown waits at most for the alert bot's 1 s drain.
const RUN_BOUND_MS = 90_000;

describe('npm start (the demo)', () => {
  it(
    'ends by itself after --duration 20 with exit 0 and a summary showing retries, a breaker opening and closing, and delivered alerts',
    async () => {
      const demo = spawnDemo(['--duration', '20']);
      const code = await demo.exited(RUN_BOUND_MS);
      const output = demo.output();

      expect({ code, output }).toEqual({
        code: 0,
        output: expect.stringContaining('ballast demo summary after'),
      });
      expect(output).toMatch(/dashboard: http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
      expect(summaryTotal(output, 'retries')).toBeGreaterThan(0);
      expect(summaryTotal(output, 'breaker opened')).toBeGreaterThan(0);
      expect(summaryTotal(output, 'breaker closed')).toBeGreaterThan(0);
      expect(summaryTotal(output, 'alerts delivered')).toBeGreaterThan(0);
    },
    RUN_BOUND_MS + 5_000,
  );

  it(
    'shuts down cleanly on SIGTERM with exit 0 and still prints the summary',
    async () => {
      const demo = spawnDemo([]);
      await demo.printed(/│ calls [1-9]/); // traffic is flowing
      demo.signal('SIGTERM');
      const code = await demo.exited(RUN_BOUND_MS);

      expect({ code, output: demo.output() }).toEqual({
        code: 0,
        output: expect.stringContaining('ballast demo summary after'),
      });
      expect(demo.output()).not.toMatch(/still holds the event loop/);
    },
    RUN_BOUND_MS + 5_000,
  );

  it(
    'refuses a duration too short to show the outage story, naming the argument (exit 2)',
    async () => {
      const demo = spawnDemo(['--duration', '3']);
      const code = await demo.exited(RUN_BOUND_MS);

      expect({ code, output: demo.output() }).toEqual({
        code: 2,
        output: expect.stringContaining('--duration must be an integer from 10'),
      });
    },
    RUN_BOUND_MS + 5_000,
  );
});
