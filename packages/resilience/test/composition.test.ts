import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRuntime, currentDeadline, runInContext, type Runtime, weave } from '@ballast/core';
import { Container, inject, injectable } from 'inversify';
import {
  CircuitBreaker,
  CircuitOpenError,
  ConstantBackoff,
  Fallback,
  Retry,
  RetryExhaustedError,
  retryStatistics,
  Timeout,
  timeoutStatistics,
} from '@ballast/resilience';

/** A remote dependency the test scripts: each call answers per `mode`. */
@injectable()
class Dependency {
  mode: 'up' | 'down' | 'hang-once' = 'up';
  calls = 0;
  deadlines: (number | undefined)[] = [];

  async fetch(id: string): Promise<string> {
    this.calls++;
    this.deadlines.push(currentDeadline());
    if (this.mode === 'down')
      throw Object.assign(new Error(`${id}: connection refused`), { code: 'ECONNREFUSED' });
    if (this.mode === 'hang-once' && this.calls === 1) return new Promise<string>(() => undefined);
    return `item ${id}`;
  }
}

@injectable()
class Catalog {
  fallbackErrors: unknown[] = [];
  constructor(@inject(Dependency) private readonly dependency: Dependency) {}

  @Fallback({ method: 'offline' })
  @Retry({ backoff: new ConstantBackoff(50), budget: false })
  @Timeout(200)
  async item(id: string): Promise<string> {
    return this.dependency.fetch(id);
  }

  offline(id: string, error: unknown): string {
    this.fallbackErrors.push(error);
    return `offline ${id}`;
  }

  @Retry({
    backoff: new ConstantBackoff(10),
    budget: { ratio: 0.2, minRetriesPerSecond: 1, windowMs: 10_000 },
  })
  async budgeted(id: string): Promise<string> {
    return this.dependency.fetch(id);
  }

  @Retry({ backoff: new ConstantBackoff(10) })
  @CircuitBreaker({
    name: 'catalog',
    window: 'consecutive',
    consecutiveFailures: 2,
    openDuration: 60_000,
  })
  async guarded(id: string): Promise<string> {
    return this.dependency.fetch(id);
  }
}

/** The inner service of the deadline test: a slow, failing lookup with a generous 5 s limit. */
@injectable()
class Inventory {
  deadlines: (number | undefined)[] = [];

  @Retry({ backoff: new ConstantBackoff(400), minAttemptMs: 100, budget: false })
  @Timeout(5_000)
  async stock(id: string): Promise<number> {
    this.deadlines.push(currentDeadline());
    await new Promise((resolve) => setTimeout(resolve, 250));
    throw new Error(`${id}: still failing`);
  }
}

/** The outer service: its own 1 s limit bounds the inner service's 5 s. */
@injectable()
class Storefront {
  constructor(@inject(Inventory) private readonly inventory: Inventory) {}

  @Timeout(1_000)
  async page(id: string): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return this.inventory.stock(id);
  }
}

describe('resilience aspects composed through an inversify container', () => {
  let runtime: Runtime;
  let container: Container;

  beforeEach(() => {
    jest.useFakeTimers();
    runtime = createRuntime();
    container = new Container();
    container.bind(Dependency).toSelf().inSingletonScope();
    container.bind(Catalog).toSelf().inSingletonScope();
    container.bind(Inventory).toSelf().inSingletonScope();
    container.bind(Storefront).toSelf().inSingletonScope();
    container.onActivation(Catalog, (_context, catalog) => weave(catalog, runtime));
    container.onActivation(Inventory, (_context, inventory) => weave(inventory, runtime));
    container.onActivation(Storefront, (_context, storefront) => weave(storefront, runtime));
  });

  afterEach(() => {
    runtime.dispose();
    jest.useRealTimers();
  });

  it('applies the timeout per attempt: a hung first attempt is cut off and retried', async () => {
    container.get(Dependency).mode = 'hang-once';
    const result = container.get(Catalog).item('a');
    await jest.advanceTimersByTimeAsync(200 + 50);
    await expect(result).resolves.toBe('item a');
    expect(container.get(Dependency).calls).toBe(2);
    expect(timeoutStatistics(runtime).get('Catalog.item')?.timeouts).toBe(1);
  });

  it('lets the fallback see only the final failure, after every retry', async () => {
    const dependency = container.get(Dependency);
    dependency.mode = 'down';
    const catalog = container.get(Catalog);
    const result = catalog.item('b');
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBe('offline b');
    expect(dependency.calls).toBe(3);
    expect(catalog.fallbackErrors).toHaveLength(1);
    expect(catalog.fallbackErrors[0]).toBeInstanceOf(RetryExhaustedError);
    expect(catalog.fallbackErrors[0]).toMatchObject({
      attempts: 3,
      cause: { code: 'ECONNREFUSED' },
    });
  });

  it('stops retrying once the budget is spent while the dependency is down', async () => {
    const dependency = container.get(Dependency);
    dependency.mode = 'down';
    const catalog = container.get(Catalog);
    const calls = Array.from({ length: 200 }, (_, i) =>
      catalog.budgeted(`id${i}`).catch((error: unknown) => error),
    );
    await jest.advanceTimersByTimeAsync(1_000);
    const outcomes = await Promise.all(calls);
    // 200 calls allow 0.2 × 200 + 1/s × 10 s = 50 retries; without a budget there would be 400.
    expect(dependency.calls).toBe(200 + 50);
    const statistics = retryStatistics(runtime).get('Catalog.budgeted')!;
    expect(statistics.budgetExhausted).toBeGreaterThan(0);
    expect(outcomes.filter((e) => (e as RetryExhaustedError).reason === 'budget').length).toBe(
      statistics.budgetExhausted,
    );
  });

  it('propagates the outer deadline into a nested service, which then declines a retry it has no time for', async () => {
    const started = Date.now();
    const result = runInContext({ requestId: 'req-1' }, () => container.get(Storefront).page('c'));
    let settledAt = 0;
    const settled = expect(result.finally(() => (settledAt = Date.now()))).rejects.toMatchObject({
      code: 'BALLAST_ERR_RETRY_EXHAUSTED',
      reason: 'deadline',
      attempts: 1,
    });
    await jest.advanceTimersByTimeAsync(1_000);
    await settled;
    // The inner 5 s limit shrank to the outer deadline; after 300 + 250 ms, the 450 ms left are
    // less than the 400 ms delay plus the 100 ms minimum attempt, so no retry started.
    expect(container.get(Inventory).deadlines).toEqual([started + 1_000]);
    expect(settledAt - started).toBe(550);
  });

  it('keeps its own shorter limit inside a later caller deadline, and retries only while that deadline allows', async () => {
    const deadlines: (number | undefined)[] = [];
    runtime.events.on('timeout.expired', (event) => deadlines.push(event.timeoutMs));
    const catalog = container.get(Catalog);
    const started = Date.now();
    const dependency = container.get(Dependency);
    dependency.mode = 'hang-once';
    const call = runInContext({ requestId: 'req-2', deadline: started + 300 }, () =>
      catalog.item('d'),
    );
    const settled = expect(call).resolves.toBe('offline d');
    await jest.advanceTimersByTimeAsync(300);
    await settled;
    expect(dependency.deadlines[0]).toBe(started + 200);
    expect(deadlines).toEqual([200]);
  });

  it('does not retry a CircuitOpenError and passes it through unchanged', async () => {
    const dependency = container.get(Dependency);
    dependency.mode = 'down';
    const catalog = container.get(Catalog);
    const first = catalog.guarded('e').catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(100);
    expect(await first).toBeInstanceOf(CircuitOpenError);
    expect(dependency.calls).toBe(2);
    const refused = await catalog.guarded('f').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(dependency.calls).toBe(2);
    expect(retryStatistics(runtime).get('Catalog.guarded')).toMatchObject({
      failedWithRetry: 1,
      failedWithoutRetry: 1,
    });
  });
});
