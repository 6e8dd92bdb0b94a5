import 'reflect-metadata';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, protect, runInContext, weave } from '@ballast/core';
import {
  Bulkhead,
  bulkhead,
  BulkheadFullError,
  type BulkheadOptions,
  type BulkheadRejectedEvent,
  bulkheadStatistics,
  timeout,
} from '@ballast/resilience';
import { injectable } from 'inversify';
import { PendingCalls } from '../fixtures/pendingCalls.js';
import { outcomeOf } from '../outcomes.js';
import { manualRuntime } from './manualRuntime.js';

const env = manualRuntime();
let dependency: PendingCalls;

beforeEach(() => {
  dependency = new PendingCalls();
});

function pool(options: BulkheadOptions, name = 'pool') {
  return protect(dependency.fn, [bulkhead({ name, ...options })], { runtime: env.runtime, name });
}

function stats(name = 'pool') {
  return bulkheadStatistics(env.runtime).get(name)!;
}

/** A service whose method runs under the named Bulkhead policy `reports`, configured so. */
function underPolicy(reports: Record<string, unknown>) {
  env.runtime.updatePolicies({ Bulkhead: { reports } });
  class Reports {
    @Bulkhead('reports')
    render(id: number): Promise<string> {
      return dependency.fn(id);
    }
  }
  return weave(new Reports(), env.runtime);
}

/** What the dependency received, by first argument. */
function started(): unknown[] {
  return dependency.calls.map((call) => call.args[0]);
}

describe('Bulkhead against its peers', () => {
  it('runs the admitted calls to the end after refusing the one over the limit [cockatiel BulkheadPolicy.test]', async () => {
    const call = pool({ maxConcurrent: 2 });
    const first = call(0);
    const second = call(1);
    const third = outcomeOf(call(2));
    expect(await third).toBeInstanceOf(BulkheadFullError);
    dependency.at(0).resolve('zero');
    dependency.at(1).resolve('one');
    await expect(Promise.all([first, second])).resolves.toEqual(['zero', 'one']);
    expect(started()).toEqual([0, 1]);
  });

  it('starts queued calls in arrival order as slots free, and refuses past the queue [cockatiel BulkheadPolicy.test]', async () => {
    const call = pool({ maxConcurrent: 2, maxQueue: 2, queueTimeout: 60_000 });
    const calls = [0, 1, 2, 3].map((id) => call(id));
    expect(await outcomeOf(call(4))).toMatchObject({
      code: 'BALLAST_ERR_BULKHEAD_FULL',
      reason: 'full',
    });
    expect(started()).toEqual([0, 1]);
    dependency.at(0).resolve('0');
    await env.clock.advanceAsync(0);
    expect(started()).toEqual([0, 1, 2]);
    dependency.at(1).resolve('1');
    await env.clock.advanceAsync(0);
    expect(started()).toEqual([0, 1, 2, 3]);
    dependency.at(2).resolve('2');
    dependency.at(3).resolve('3');
    await expect(Promise.all(calls)).resolves.toEqual(['0', '1', '2', '3']);
  });

  it('reports free slots and queue depth as calls enter, wait and finish [cockatiel BulkheadPolicy.test "maintains proper state"]', async () => {
    const call = pool({ maxConcurrent: 2, maxQueue: 2, queueTimeout: 60_000 });
    const seen = () => [stats().availablePermits, stats().queueDepth];
    expect(seen()).toEqual([2, 0]);
    const calls = [call(1)];
    expect(seen()).toEqual([1, 0]);
    calls.push(call(2));
    expect(seen()).toEqual([0, 0]);
    calls.push(call(3));
    expect(seen()).toEqual([0, 1]);
    calls.push(call(4));
    expect(seen()).toEqual([0, 2]);
    const expected = [
      [0, 1],
      [0, 0],
      [1, 0],
      [2, 0],
    ];
    for (let index = 0; index < 4; index++) {
      await env.clock.advanceAsync(0);
      dependency.at(index).resolve(`${index}`);
      await calls[index];
      expect(seen()).toEqual(expected[index]);
    }
  });

  it('lets the method see its caller’s signal, so a caller that aborts reaches a running call [cockatiel BulkheadPolicy.test "links parent cancellation token"]', async () => {
    const call = pool({ maxConcurrent: 1, maxQueue: 5 });
    const controller = new AbortController();
    const pending = outcomeOf(runInContext({ signal: controller.signal }, () => call('a')));
    const seen = dependency.at(0).signal!;
    expect(seen.aborted).toBe(false);
    controller.abort();
    expect(seen.aborted).toBe(true);
    dependency.at(0).reject(seen.reason);
    await pending;
    expect(stats()).toMatchObject({ active: 0, availablePermits: 1 });
  });

  it('never runs a queued call whose caller aborted before a slot came free [cockatiel BulkheadPolicy.test "links parent cancellation token"]', async () => {
    const call = pool({ maxConcurrent: 1, maxQueue: 5, queueTimeout: 60_000 });
    const running = call('a');
    const controller = new AbortController();
    const leaving = outcomeOf(runInContext({ signal: controller.signal }, () => call('b')));
    await env.clock.advanceAsync(2);
    controller.abort();
    dependency.at(0).resolve('a');
    await running;
    expect(await leaving).toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });
    expect(started()).toEqual(['a']);
  });

  it('hands the slot to the next waiter when the waiter before it was cancelled, and ends with every slot free [cockatiel BulkheadPolicy.test]', async () => {
    const call = pool({ maxConcurrent: 1, maxQueue: 10, queueTimeout: 60_000 });
    const first = call(1);
    const controller = new AbortController();
    const second = outcomeOf(runInContext({ signal: controller.signal }, () => call(2)));
    const third = call(3);
    controller.abort();
    dependency.at(0).resolve('1');
    await first;
    expect(await second).toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });
    await env.clock.advanceAsync(0);
    dependency.at(1).resolve('3');
    await expect(third).resolves.toBe('3');
    expect(started()).toEqual([1, 3]);
    expect(stats()).toMatchObject({ availablePermits: 1, queueDepth: 0, cancelled: 1 });
  });

  it('hands out statistics a caller cannot use to change the bulkhead [opossum semaphore-test "User code cannot change the lock count"]', async () => {
    const call = pool({ maxConcurrent: 1 });
    const snapshot = stats() as { availablePermits: number; active: number };
    snapshot.availablePermits = 5;
    snapshot.active = -4;
    void call('a');
    expect(await outcomeOf(call('b'))).toBeInstanceOf(BulkheadFullError);
    expect(stats()).toMatchObject({ availablePermits: 0, active: 1 });
  });

  it('announces each refusal with its reason and counts admissions and refusals [resilience4j SemaphoreBulkheadTest, BulkheadEventPublisherTest]', async () => {
    const hooked: BulkheadRejectedEvent[] = [];
    const emitted: BulkheadRejectedEvent[] = [];
    env.runtime.events.on('bulkhead.rejected', (event) => emitted.push(event));
    const call = pool({ maxConcurrent: 2, onRejected: (event) => hooked.push(event) });
    const calls = [call(1), call(2)];
    await outcomeOf(call(3));
    dependency.at(0).resolve('1');
    dependency.at(1).resolve('2');
    await Promise.all(calls);
    void call(4);
    expect(hooked).toEqual([{ policy: 'pool', reason: 'full' }]);
    expect(emitted).toEqual(hooked);
    expect(stats()).toMatchObject({ admitted: 3, rejected: 1, active: 1 });
  });

  it('refuses a waiter with reason queueTimeout once it waited its queueTimeout [resilience4j SemaphoreBulkheadTest "testEntryTimeout", opossum semaphore-test]', async () => {
    const call = pool({ maxConcurrent: 1, maxQueue: 1, queueTimeout: 50 });
    void call('a');
    const waiting = outcomeOf(call('b'));
    await env.clock.advanceAsync(49);
    expect(stats().queueDepth).toBe(1);
    await env.clock.advanceAsync(1);
    expect(await waiting).toMatchObject({ reason: 'queueTimeout' });
    expect(started()).toEqual(['a']);
    expect(stats()).toMatchObject({ queueDepth: 0, queueTimeouts: 1 });
  });

  it('frees the slot of a call its timeout cut short, once the method gave up [opossum test.js "Circuit Breaker timeout with semaphore released", resilience4j BulkheadFutureTest]', async () => {
    const call = protect(dependency.fn, [timeout(10), bulkhead({ maxConcurrent: 2 })], {
      runtime: env.runtime,
      name: 'pool',
    });
    const pending = outcomeOf(runInContext({}, () => call('slow')));
    expect(stats().availablePermits).toBe(1);
    await env.clock.advanceAsync(10);
    const { signal } = dependency.at(0);
    expect(signal?.aborted).toBe(true);
    expect(await pending).toMatchObject({ code: 'BALLAST_ERR_TIMEOUT' });
    expect(stats().availablePermits).toBe(1); // the method still runs: its slot is still taken
    dependency.at(0).reject(signal!.reason);
    await env.clock.advanceAsync(0);
    expect(stats().availablePermits).toBe(2);
  });

  it('lets waiters in as soon as a reload raises maxConcurrent [resilience4j SemaphoreBulkheadTest "changePermissionsCountWhileOneThreadIsWaitingForPermission"]', async () => {
    const reports = underPolicy({ maxConcurrent: 1, maxQueue: 5 });
    const calls = [reports.render(1), reports.render(2), reports.render(3)];
    expect(started()).toEqual([1]);
    env.runtime.updatePolicies({ Bulkhead: { reports: { maxConcurrent: 3, maxQueue: 5 } } });
    // No call through the method since the reload: the waiting ones are let in by the reload.
    await env.clock.advanceAsync(0);
    expect(started()).toEqual([1, 2, 3]);
    expect(stats('Reports.render')).toMatchObject({ maxConcurrent: 3, queueDepth: 0 });
    calls.push(reports.render(4));
    await env.clock.advanceAsync(0);
    expect(stats('Reports.render')).toMatchObject({ queueDepth: 1 });
    dependency.at(0).resolve('1');
    await env.clock.advanceAsync(0);
    dependency.calls.forEach((call, index) => call.resolve(`${index}`));
    await Promise.all(calls);
    expect(started()).toEqual([1, 2, 3, 4]);
    expect(stats('Reports.render')).toMatchObject({ availablePermits: 3 });
  });

  it('keeps running calls when a reload lowers maxConcurrent, admitting new ones only below the new limit [resilience4j SemaphoreBulkheadTest "changePermissionsCountWhileOneThreadIsRunningWithThisPermission"]', async () => {
    const reports = underPolicy({ maxConcurrent: 3, maxQueue: 5 });
    const running = [reports.render(1), reports.render(2), reports.render(3)];
    env.runtime.updatePolicies({ Bulkhead: { reports: { maxConcurrent: 1, maxQueue: 5 } } });
    const waiting = reports.render(4);
    dependency.at(0).resolve('1');
    dependency.at(1).resolve('2');
    await env.clock.advanceAsync(0);
    expect(started()).toEqual([1, 2, 3]); // one call still runs: the new limit
    dependency.at(2).resolve('3');
    await env.clock.advanceAsync(0);
    expect(started()).toEqual([1, 2, 3, 4]);
    dependency.at(3).resolve('4');
    await Promise.all([...running, waiting]);
    expect(stats('Reports.render')).toMatchObject({ active: 0, availablePermits: 1 });
  });

  it('keeps a waiter queued when a reload shrinks the queue, refusing only later calls [resilience4j SemaphoreBulkheadTest "changeWaitingTimeWhileOneThreadIsWaitingForPermission"]', async () => {
    const reports = underPolicy({ maxConcurrent: 1, maxQueue: 1, queueTimeout: 500_000 });
    const running = reports.render(1);
    const waiting = reports.render(2);
    env.runtime.updatePolicies({ Bulkhead: { reports: { maxConcurrent: 1, maxQueue: 0 } } });
    expect(await outcomeOf(reports.render(3))).toMatchObject({ reason: 'full' });
    expect(stats('Reports.render').queueDepth).toBe(1);
    dependency.at(0).resolve('1');
    await env.clock.advanceAsync(0);
    dependency.at(1).resolve('2');
    await expect(Promise.all([running, waiting])).resolves.toEqual(['1', '2']);
    expect(started()).toEqual([1, 2]);
  });

  it('shares one bulkhead between instances of a class bound in an inversify container [resilience4j BulkheadRegistryTest "shouldBeTheSameInstance"]', async () => {
    @injectable()
    class Renderer {
      @Bulkhead({ maxConcurrent: 1 })
      render(id: number): Promise<string> {
        return dependency.fn(id);
      }
    }
    const container = env.weavingContainer(Renderer, 'transient');
    const a = container.get(Renderer);
    const b = container.get(Renderer);
    expect(a).not.toBe(b);
    const running = a.render(1);
    expect(await outcomeOf(b.render(2))).toBeInstanceOf(BulkheadFullError);
    dependency.at(0).resolve('1');
    await running;
    expect([...bulkheadStatistics(env.runtime).keys()]).toEqual(['Renderer.render']);
  });

  it('refuses a call that would have to queue once the runtime is disposed, and still runs one with a free slot [Polly RateLimiterResilienceStrategyTests "Dispose_DisposableResourcesShouldBeDisposed"]', async () => {
    const call = pool({ maxConcurrent: 1, maxQueue: 5 });
    env.runtime.dispose();
    const running = call('a');
    expect(await outcomeOf(call('b'))).toMatchObject({ code: 'BALLAST_ERR_RUNTIME_DISPOSED' });
    dependency.at(0).resolve('a');
    await expect(running).resolves.toBe('a');
    expect(started()).toEqual(['a']);
  });

  it('refuses without a stack trace: a refusal costs next to nothing under overload [Polly RateLimiterResilienceStrategyTests "Execute_LeaseRejected" — deliberate difference]', async () => {
    const call = pool({ maxConcurrent: 1 });
    void call('a');
    const refused = (await outcomeOf(call('b'))) as BulkheadFullError;
    expect(refused.stack).toBe(`BulkheadFullError: ${refused.message}`);
  });

  it.each<[string, unknown]>([
    ['zero slots', { maxConcurrent: 0 }],
    ['negative slots', { maxConcurrent: -1 }],
    ['fractional slots', { maxConcurrent: 1.5 }],
    ['NaN slots', { maxConcurrent: Number.NaN }],
    ['slots as a string', { maxConcurrent: '4' }],
    ['a negative queue', { maxQueue: -1 }],
    ['an infinite queue', { maxQueue: Number.POSITIVE_INFINITY }],
    ['a zero queueTimeout', { queueTimeout: 0 }],
    ['a negative queueTimeout', { queueTimeout: -5 }],
    ['null options', null],
  ])(
    'refuses %s with BALLAST_ERR_CONFIG at decoration [resilience4j BulkheadConfigTest]',
    (_what, options) => {
      expect(() => bulkhead(options as BulkheadOptions)).toThrow(ConfigError);
    },
  );

  it('never lets a refused or timed-out call reach the method, whatever its arguments [resilience4j BulkheadTest "shouldReturnFailureWithBulkheadFullException"]', async () => {
    const call = pool({ maxConcurrent: 1 });
    void call({ huge: 'x'.repeat(1_000_000) });
    const refused = (await outcomeOf(call(undefined))) as BulkheadFullError;
    expect(refused.message).toBe(
      'Bulkhead "pool" is full: every slot is busy and the queue is full.',
    );
    expect(refused.bulkheadName).toBe('pool');
    expect(dependency.calls).toHaveLength(1);
  });
});
