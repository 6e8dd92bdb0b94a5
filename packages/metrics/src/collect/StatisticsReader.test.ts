import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { Retry, retryStatistics } from '@ballast/resilience';
import { StatisticsReader } from './StatisticsReader.js';

class Catalogue {
  @Retry({ name: 'catalogue', budget: false })
  async list(): Promise<number> {
    return 1;
  }
}

const FAMILY = 'ballast_retry_calls_total';

function firstTries(reader: StatisticsReader): number | undefined {
  return reader.samples(FAMILY).samples.find((s) => s.labels.kind === 'successful_without_retry')
    ?.value;
}

describe('StatisticsReader', () => {
  let runtime: Runtime;
  beforeEach(() => {
    runtime = createRuntime();
  });
  afterEach(() => runtime.dispose());

  it('reads the statistics once per scrape and afresh for the next one', async () => {
    const reader = new StatisticsReader();
    reader.add(runtime);
    const catalogue = weave(new Catalogue(), runtime);
    await catalogue.list();
    expect(firstTries(reader)).toBe(1);
    // A call completing within the same synchronous pass (as prom-client asks every family in
    // one) is not seen: every family of one scrape shares one read.
    (retryStatistics(runtime).get('catalogue') as { successfulWithoutRetry: number })
      .successfulWithoutRetry++;
    expect(firstTries(reader)).toBe(1);
    await Promise.resolve();
    expect(firstTries(reader)).toBe(2);
  });

  it('reads nothing once the runtime is removed', async () => {
    const reader = new StatisticsReader();
    reader.add(runtime);
    await weave(new Catalogue(), runtime).list();
    reader.delete(runtime);
    await Promise.resolve();
    expect(reader.samples(FAMILY).samples).toEqual([]);
  });
});
