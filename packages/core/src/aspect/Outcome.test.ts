import { describe, expect, it } from '@jest/globals';
import { currentRequestId, runInContext } from '../context/callContext.js';
import { Invocation } from '../weaving/Invocation.js';
import { Outcome, type Settler } from './Outcome.js';

const target = {
  className: 'Test',
  methodName: 'call',
  qualifiedName: 'Test.call',
  original: () => undefined,
  isAsync: true,
} as unknown as ConstructorParameters<typeof Invocation>[2];

function deferred() {
  let resolve!: (value: unknown) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A settler that records what it saw (and in which request's context), then may act. */
function recorder(
  name: string,
  seen: string[],
  act?: (outcome: Outcome) => void,
): Settler<undefined> {
  return {
    settle(outcome) {
      const what = outcome.ok
        ? `ok:${String(outcome.value)}`
        : `error:${(outcome.value as Error).message}`;
      seen.push(`${name} ${what} in ${currentRequestId() ?? 'no context'}`);
      act?.(outcome);
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Outcome interruption', () => {
  it('settles the caller at once from the interruption point; inner settlers wait for the method', async () => {
    const source = deferred();
    const seen: string[] = [];
    const outcome = new Outcome(new Invocation(undefined, [], target), source.promise);
    outcome.add(recorder('inner', seen), undefined);
    outcome.add(recorder('timeout', seen), undefined);
    const at = outcome.allowInterrupt();
    outcome.add(recorder('outer', seen), undefined);
    const caller = outcome.promise();

    outcome.interrupt(at, new Error('deadline'));
    await expect(caller).rejects.toThrow('deadline');
    expect(seen).toEqual([
      'timeout error:deadline in no context',
      'outer error:deadline in no context',
    ]);

    source.resolve(42);
    await flush();
    expect(seen).toEqual([
      'timeout error:deadline in no context',
      'outer error:deadline in no context',
      'inner ok:42 in no context',
    ]);
  });

  it("runs the interruption's settlers in the caller's async context, wherever interrupt is called", async () => {
    const source = deferred();
    const seen: string[] = [];
    const { outcome, at, caller } = runInContext({ requestId: 'caller' }, () => {
      const made = new Outcome(new Invocation(undefined, [], target), source.promise);
      made.add(recorder('timeout', seen), undefined);
      return { outcome: made, at: made.allowInterrupt(), caller: made.promise() };
    });

    runInContext({ requestId: 'timer' }, () => outcome.interrupt(at, new Error('deadline')));
    await expect(caller).rejects.toThrow('deadline');
    expect(seen).toEqual(['timeout error:deadline in caller']);
  });

  it('runs an interruption that came before the chain returned when the caller asks for its promise', async () => {
    const seen: string[] = [];
    const outcome = new Outcome(new Invocation(undefined, [], target), deferred().promise);
    outcome.add(recorder('timeout', seen), undefined);
    outcome.interrupt(outcome.allowInterrupt(), new Error('aborted'));
    expect(seen).toEqual([]);

    await expect(outcome.promise()).rejects.toThrow('aborted');
    expect(seen).toEqual(['timeout error:aborted in no context']);
  });

  it('ignores a second interruption at the same point and a late source', async () => {
    const source = deferred();
    const seen: string[] = [];
    const outcome = new Outcome(new Invocation(undefined, [], target), source.promise);
    outcome.add(recorder('timeout', seen), undefined);
    const at = outcome.allowInterrupt();
    const caller = outcome.promise();
    outcome.interrupt(at, new Error('first'));
    outcome.interrupt(at, new Error('second'));
    source.resolve('late');
    await expect(caller).rejects.toThrow('first');
    await flush();
    expect(seen).toEqual(['timeout error:first in no context']);
  });

  it('lets a settler after the point hand the call over (a retry after a deadline)', async () => {
    const seen: string[] = [];
    const outcome = new Outcome(new Invocation(undefined, [], target), deferred().promise);
    outcome.add(recorder('timeout', seen), undefined);
    const at = outcome.allowInterrupt();
    outcome.add(
      recorder('retry', seen, (o) => {
        if (!o.ok) o.continueWith(Promise.resolve('second attempt'));
      }),
      undefined,
    );
    outcome.add(recorder('outer', seen), undefined);
    const caller = outcome.promise();

    outcome.interrupt(at, new Error('deadline'));
    await expect(caller).resolves.toBe('second attempt');
    expect(seen).toEqual([
      'timeout error:deadline in no context',
      'retry error:deadline in no context',
      'outer ok:second attempt in no context',
    ]);
  });

  it('never runs an interrupted settler again for a continuation handed over below it', async () => {
    const source = deferred();
    const continuation = deferred();
    const seen: string[] = [];
    const outcome = new Outcome(new Invocation(undefined, [], target), source.promise);
    outcome.add(
      recorder('inner retry', seen, (o) => {
        if (!o.ok) o.continueWith(continuation.promise);
      }),
      undefined,
    );
    outcome.add(recorder('timeout', seen), undefined);
    const at = outcome.allowInterrupt();
    const caller = outcome.promise();

    source.reject(new Error('first attempt failed'));
    await flush();
    outcome.interrupt(at, new Error('deadline'));
    continuation.resolve('too late');
    await expect(caller).rejects.toThrow('deadline');
    await flush();
    expect(seen).toEqual([
      'inner retry error:first attempt failed in no context',
      'timeout error:deadline in no context',
    ]);
  });

  it('keeps the outcome a running settler sees when another settler interrupts synchronously', async () => {
    const seen: string[] = [];
    const source = deferred();
    const outcome = new Outcome(new Invocation(undefined, [], target), source.promise);
    let interruptAt = -1;
    outcome.add(
      recorder('aborting', seen, () => outcome.interrupt(interruptAt, new Error('cancelled'))),
      undefined,
    );
    outcome.add(recorder('middle', seen), undefined);
    outcome.add(recorder('timeout', seen), undefined);
    interruptAt = outcome.allowInterrupt();
    const caller = outcome.promise();

    source.resolve(7);
    await expect(caller).rejects.toThrow('cancelled');
    expect(seen).toEqual([
      'aborting ok:7 in no context',
      'timeout error:cancelled in no context',
      'middle ok:7 in no context',
    ]);
  });

  it('refuses an interruption at a point allowInterrupt did not give', () => {
    const outcome = new Outcome(new Invocation(undefined, [], target), Promise.resolve(1));
    outcome.add(recorder('plain', []), undefined);
    expect(() => outcome.interrupt(0, new Error('x'))).toThrow(
      'Outcome.interrupt(0): that point was not allowed by allowInterrupt().',
    );
  });

  it('delivers the settled outcome once when nothing interrupts', async () => {
    const seen: string[] = [];
    const outcome = new Outcome(new Invocation(undefined, [], target), Promise.resolve(5));
    outcome.add(recorder('timeout', seen), undefined);
    outcome.allowInterrupt();
    await expect(outcome.promise()).resolves.toBe(5);
    expect(seen).toEqual(['timeout ok:5 in no context']);
  });
});
