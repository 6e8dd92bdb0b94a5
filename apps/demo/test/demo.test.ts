import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnDemo, summaryTotal } from './demoProcess.js';

/** A line of the `--traces` file (the fields this test reads). */
interface TracedSpan {
  readonly name: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly events: readonly { readonly name: string }[];
}

// Bounds for 2 busy cores: tsx compiles the sources at start (a few seconds), the run lasts
// 20 s, and shutdown waits at most for the alert bot's 1 s drain.
const RUN_BOUND_MS = 90_000;

describe('npm start (the demo)', () => {
  it(
    'ends by itself after --duration 20 with exit 0 and a summary showing retries, a breaker opening and closing, and delivered alerts',
    async () => {
      const traces = join(mkdtempSync(join(tmpdir(), 'demo-traces-')), 'spans.jsonl');
      const demo = spawnDemo(['--duration', '20', '--traces', traces]);
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

      // --traces: every stock check is a span; the outage's show retries, the breaker and
      // fallbacks, and the HTTP calls are children of the stock check that made them.
      const spans = readFileSync(traces, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as TracedSpan);
      const stock = spans.filter((span) => span.name === 'InventoryClient.stock');
      const stockIds = new Set(stock.map((span) => span.spanId));
      const eventNames = new Set(stock.flatMap((span) => span.events.map((event) => event.name)));
      const calls = output.slice(output.indexOf('ballast demo summary')).split('\n');
      const storefrontCalls = calls.find((line) => line.startsWith('calls '))!.split(/\s+/)[1];
      expect(stock).toHaveLength(Number(storefrontCalls));
      expect([...eventNames]).toEqual(
        expect.arrayContaining([
          'ballast.retry',
          'ballast.circuit_breaker.rejected',
          'ballast.fallback',
        ]),
      );
      expect(
        spans.some((span) => span.parentSpanId !== undefined && stockIds.has(span.parentSpanId)),
      ).toBe(true);
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
