import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@ballast/core';
import type { ChaosFaults } from './Fault.js';
import { FaultPlan } from './FaultPlan.js';
import type { RecordedRequest } from './RecordedRequest.js';

function request(seq: number, path = '/'): RecordedRequest {
  return {
    seq,
    method: 'POST',
    path,
    headers: {},
    body: '',
    receivedAt: 0,
    connection: 1,
    fault: 'respond',
  };
}

function kinds(faults: ChaosFaults, count: number): string[] {
  const plan = new FaultPlan(faults);
  return Array.from({ length: count }, (_, i) => {
    const fault = plan.next(request(i + 1));
    return fault.kind === 'respond' ? `respond:${fault.status ?? 200}` : fault.kind;
  });
}

describe('FaultPlan', () => {
  const rated: ChaosFaults = {
    rates: [
      { fault: { kind: 'respond', status: 503 }, rate: 0.3 },
      { fault: { kind: 'hang' }, rate: 0.1 },
      { fault: { kind: 'reset' }, rate: 0.05 },
    ],
    seed: 42,
  };

  it('draws the same faults for the same seed', () => {
    expect(kinds(rated, 200)).toEqual(kinds(rated, 200));
    expect(kinds(rated, 200)).not.toEqual(kinds({ ...rated, seed: 43 }, 200));
  });

  it('injects each rated fault in about its share of requests', () => {
    const drawn = kinds(rated, 10_000);
    const share = (kind: string): number => drawn.filter((k) => k === kind).length / drawn.length;
    expect(share('respond:503')).toBeCloseTo(0.3, 1);
    expect(share('hang')).toBeCloseTo(0.1, 1);
    expect(share('reset')).toBeCloseTo(0.05, 1);
  });

  it('repeats a drawn fault for the whole burst', () => {
    const drawn = kinds(
      { rates: [{ fault: { kind: 'throttle', retryAfter: 1 }, rate: 0.1, burst: 4 }], seed: 3 },
      2_000,
    );
    const runLengths: number[] = [];
    let length = 0;
    for (const kind of drawn) {
      if (kind === 'throttle') length++;
      else if (length > 0) {
        runLengths.push(length);
        length = 0;
      }
    }
    // A burst may start right after another one ends, so runs are whole multiples of the burst.
    expect(runLengths.length).toBeGreaterThan(10);
    expect(runLengths.filter((run) => run % 4 !== 0)).toEqual([]);
  });

  it('lets routes win over rates', () => {
    const plan = new FaultPlan({
      routes: { '/gone': { kind: 'respond', status: 410 } },
      rates: [{ fault: { kind: 'hang' }, rate: 1 }],
    });
    expect(plan.next(request(1, '/gone'))).toEqual({ kind: 'respond', status: 410 });
    expect(plan.next(request(2, '/other')).kind).toBe('hang');
  });

  it('uses the respond option for requests that draw no fault', () => {
    const plan = new FaultPlan({
      respond: (r) => ({ kind: 'respond', status: 201, body: r.path }),
    });
    expect(plan.next(request(1, '/made'))).toEqual({ kind: 'respond', status: 201, body: '/made' });
  });

  it('rejects rates adding up to more than 1, bad bursts and unknown kinds with a ConfigError', () => {
    const hang = { kind: 'hang' } as const;
    expect(
      () =>
        new FaultPlan({
          rates: [
            { fault: hang, rate: 0.6 },
            { fault: hang, rate: 0.6 },
          ],
        }),
    ).toThrow(/add up to 1.2/);
    expect(() => new FaultPlan({ rates: [{ fault: hang, rate: 0.1, burst: 0 }] })).toThrow(
      ConfigError,
    );
    expect(() => new FaultPlan({ rates: [{ fault: hang, rate: Number.NaN }] })).toThrow(
      /rate must be/,
    );
    expect(() => new FaultPlan({ routes: { '/x': { kind: 'explode' } as never } })).toThrow(
      /routes\["\/x"\] must be a fault/,
    );
  });
});
