import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { defaultRuntime, isWoven, type Runtime, runtimeOfInstance } from '@ballast/core';
import {
  breakerRegistry,
  CircuitBreaker,
  CircuitOpenError,
  Retry,
  retryStatistics,
} from '@ballast/resilience';
import { Container, inject, injectable } from 'inversify';
import { useBallast } from '../src/index.js';

/** A dependency whose answers the test scripts: an Error is thrown, a string returned. */
let answers: (string | Error)[] = [];

@injectable()
class Inventory {
  @Retry({ maxAttempts: 2, backoff: () => 0, budget: false })
  @CircuitBreaker({ windowSize: 2, minimumCalls: 2, failureRateThreshold: 50 })
  async stock(sku: string): Promise<string> {
    const next = answers.shift() ?? new Error(`no answer for ${sku}`);
    if (next instanceof Error) throw next;
    return next;
  }
}

@injectable()
class Shop {
  constructor(@inject(Inventory) readonly inventory: Inventory) {}
}

const containers: Container[] = [];
afterEach(async () => {
  for (const container of containers.splice(0).reverse()) await container.unbindAllAsync();
  answers = [];
});

function parentWithBallast(): { parent: Container; runtime: Runtime } {
  const parent = new Container();
  containers.push(parent);
  return { parent, runtime: useBallast(parent) };
}

describe('a decorated service is never silently unprotected', () => {
  it('protects `new Service()` without a container on the default runtime: retries count, the breaker opens', async () => {
    const runtime = defaultRuntime();
    const inventory = new Inventory();
    expect(runtimeOfInstance(inventory)).toBe(runtime);

    answers = [new Error('503'), 'in stock'];
    await expect(inventory.stock('a')).resolves.toBe('in stock');
    expect(retryStatistics(runtime).get('Inventory.stock')?.successfulWithRetry).toBe(1);

    answers = [new Error('503'), new Error('503')];
    await expect(inventory.stock('a')).rejects.toThrow();
    expect(breakerRegistry(runtime).state('Inventory.stock')).toBe('OPEN');
    await expect(inventory.stock('a')).rejects.toBeInstanceOf(CircuitOpenError);
    breakerRegistry(runtime).reset('Inventory.stock');
  });

  it('weaves a service bound only in a child container with the parent runtime', async () => {
    const { parent, runtime } = parentWithBallast();
    const child = new Container({ parent });
    child.bind(Inventory).toSelf().inSingletonScope();

    const inventory = child.get(Inventory);
    expect(isWoven(inventory)).toBe(true);
    expect(runtimeOfInstance(inventory)).toBe(runtime);
    answers = [new Error('503'), 'in stock'];
    await expect(inventory.stock('b')).resolves.toBe('in stock');
    expect(retryStatistics(runtime).get('Inventory.stock')?.successfulWithRetry).toBe(1);
  });

  it('weaves the dependencies of a grandchild container service, wherever they are bound', () => {
    const { parent, runtime } = parentWithBallast();
    parent.bind(Inventory).toSelf();
    const grandchild = new Container({ parent: new Container({ parent }) });
    grandchild.bind(Shop).toSelf();
    expect(runtimeOfInstance(grandchild.get(Shop).inventory)).toBe(runtime);
  });

  it("lets a child container with its own useBallast weave with the child's runtime", () => {
    const { parent } = parentWithBallast();
    const child = new Container({ parent });
    containers.push(child);
    const childRuntime = useBallast(child);
    parent.bind(Inventory).toSelf();
    expect(runtimeOfInstance(child.get(Inventory))).toBe(childRuntime);
  });

  it('keeps weaving after snapshot() and restore()', () => {
    const { parent, runtime } = parentWithBallast();
    parent.snapshot();
    parent.bind(Inventory).toSelf();
    parent.restore();
    parent.bind(Inventory).toSelf();
    expect(runtimeOfInstance(parent.get(Inventory))).toBe(runtime);
  });

  it('protects services of a container that useBallast was never applied to, on the default runtime', () => {
    const container = new Container();
    container.bind(Inventory).toSelf();
    const inventory = container.get(Inventory);
    expect(isWoven(inventory)).toBe(false);
    expect(runtimeOfInstance(inventory)).toBe(defaultRuntime());
  });
});
