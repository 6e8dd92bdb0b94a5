import { describe, expect, it } from '@jest/globals';
import { type Sample, SampleSet } from './SampleSet.js';

/** The samples without prom-client's `sharedLabels` field. */
function lines(set: SampleSet): Omit<Sample, 'sharedLabels'>[] {
  return set.samples.map(({ sharedLabels: _shared, ...line }) => line);
}

describe('SampleSet', () => {
  it('gives every sample the same empty sharedLabels object', () => {
    const set = new SampleSet('sum', false);
    set.add({ policy: 'a' }, 1);
    set.add({ policy: 'b' }, 2);
    expect(set.samples[0]!.sharedLabels).toEqual({});
    expect(set.samples[0]!.sharedLabels).toBe(set.samples[1]!.sharedLabels);
  });

  it('drops NaN and ±Infinity and keeps finite values, zero included', () => {
    const set = new SampleSet('sum', false);
    set.add({ policy: 'a' }, Number.NaN);
    set.add({ policy: 'b' }, Number.POSITIVE_INFINITY);
    set.add({ policy: 'c' }, Number.NEGATIVE_INFINITY);
    set.add({ policy: 'd' }, 0);
    set.add({ policy: 'e' }, 3, 'x_bucket');
    expect(lines(set)).toEqual([
      { labels: { policy: 'd' }, value: 0 },
      { metricName: 'x_bucket', labels: { policy: 'e' }, value: 3 },
    ]);
  });

  it('sums samples with the same name and labels when merging several sources', () => {
    const set = new SampleSet('sum', true);
    set.add({ policy: 'a', kind: 'x' }, 2);
    set.add({ policy: 'a', kind: 'x' }, 3);
    set.add({ policy: 'a', kind: 'y' }, 1);
    set.add({ policy: 'a', kind: 'x' }, 4, 'other_name');
    expect(lines(set)).toEqual([
      { labels: { policy: 'a', kind: 'x' }, value: 5 },
      { labels: { policy: 'a', kind: 'y' }, value: 1 },
      { metricName: 'other_name', labels: { policy: 'a', kind: 'x' }, value: 4 },
    ]);
  });

  it('keeps the maximum for max-merged families (a state is 1 if any source is in it)', () => {
    const set = new SampleSet('max', true);
    set.add({ breaker: 'b', state: 'open' }, 0);
    set.add({ breaker: 'b', state: 'open' }, 1);
    set.add({ breaker: 'b', state: 'open' }, 0);
    expect(lines(set)).toEqual([{ labels: { breaker: 'b', state: 'open' }, value: 1 }]);
  });
});
