import { describe, expect, it } from '@jest/globals';
import { Inner, Outer, OuterAspect, trail } from '../../test/fixtures/testAspects.js';
import { RuntimeDisposedError } from '../errors/kernelErrors.js';
import { protect } from '../protect/protect.js';
import { weave } from '../weaving/weave.js';
import type { ChainInstrument } from './ChainInstrument.js';
import { createRuntime } from './Runtime.js';

class Ledger {
  @Inner({ label: 'inner' })
  @Outer({ label: 'outer' })
  balance(): number {
    return 100;
  }
}

/** Records what it was shown and marks every call it wraps in the trail. */
function recorder(label: string, seen: string[]): ChainInstrument {
  return {
    instrument: (chain, target, aspects) => {
      const described = aspects.map(({ name, options }) => `${name} ${JSON.stringify(options)}`);
      seen.push(`${target.qualifiedName} [${described.join(', ')}]`);
      return (invocation) => {
        trail.push(`${label} in`);
        const result = chain(invocation);
        trail.push(`${label} out`);
        return result;
      };
    },
  };
}

describe('Runtime.instrument', () => {
  it('wraps every chain built afterwards, around all of its aspects, first instrument innermost, showing the aspects and options', () => {
    const runtime = createRuntime();
    const seen: string[] = [];
    runtime.instrument(recorder('first', seen));
    runtime.instrument(recorder('second', seen));
    const woven = weave(new Ledger(), runtime);
    trail.length = 0;
    expect(woven.balance()).toBe(100);
    const ledger =
      'Ledger.balance [Outer {"label":"outer","times":1}, Inner {"label":"inner","times":1}]';
    expect(seen).toEqual([ledger, ledger]);
    expect(trail).toEqual(['second in', 'first in', 'outer', 'inner', 'first out', 'second out']);
    expect(runtime.chainsBuilt).toBe(1);
    runtime.dispose();
  });

  it('wraps protect() chains too, aspects or none', () => {
    const runtime = createRuntime();
    const seen: string[] = [];
    runtime.instrument(recorder('spy', seen));
    const double = protect((n: number) => n * 2, [OuterAspect.use({ label: 'o' })], {
      runtime,
      name: 'double',
    });
    const plain = protect((n: number) => n + 1, [], { runtime, name: 'plain' });
    trail.length = 0;
    expect(double(2) + plain(2)).toBe(7);
    expect(seen).toEqual(['double [Outer {"label":"o","times":1}]', 'plain []']);
    expect(trail).toEqual(['spy in', 'o', 'spy out', 'spy in', 'spy out']);
    runtime.dispose();
  });

  it('leaves chains built before it alone and counts them', () => {
    const runtime = createRuntime();
    const early = weave(new Ledger(), runtime);
    const seen: string[] = [];
    runtime.instrument(recorder('late', seen));
    trail.length = 0;
    early.balance();
    expect(seen).toEqual([]);
    expect(trail).toEqual(['outer', 'inner']);
    expect(runtime.chainsBuilt).toBe(1);
    runtime.dispose();
  });

  it('refuses an instrument once the runtime is disposed', () => {
    const runtime = createRuntime();
    runtime.dispose();
    expect(() => runtime.instrument(recorder('x', []))).toThrow(RuntimeDisposedError);
  });
});
