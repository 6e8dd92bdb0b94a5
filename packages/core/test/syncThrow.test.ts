import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  AspectPrecedence,
  createDecorator,
  createRuntime,
  defineAspect,
  isThenable,
  protect,
  protectModule,
  type Runtime,
  SyncUnsupportedError,
  weave,
} from '../src/index.js';
import { NeedsTimeAspect } from './fixtures/testAspects.js';

type Check = (args: unknown[]) => void;

/** Runs a user callback on the arguments before the call, like a key function or a validator. */
const CheckAspect = defineAspect<Check, Check>({
  name: 'Check',
  precedence: AspectPrecedence.CircuitBreaker,
  supportsSync: true,
  validate: (input) => input!,
  create: (check) => (invocation, next) => {
    check(invocation.args);
    return next(invocation);
  },
});
const CheckArgs = createDecorator(CheckAspect);

/** What the advice above the failing one saw of `next`: a throw or a thenable. */
const seen: string[] = [];
const SpyAspect = defineAspect<undefined, undefined>({
  name: 'Spy',
  precedence: AspectPrecedence.Retry,
  supportsSync: true,
  validate: () => undefined,
  create: () => (invocation, next) => {
    try {
      const result = next(invocation);
      seen.push(isThenable(result) ? 'thenable' : 'value');
      return result;
    } catch (error) {
      seen.push('throw');
      throw error;
    }
  },
});
const Spy = createDecorator(SpyAspect);

const noTenant = new TypeError('no tenant');
const refuseEmpty: Check = ([id]) => {
  if (id === '') throw noTenant;
};

/** Calls `call`, reporting a synchronous throw, or the promise it returned. */
function answer(call: () => unknown): { threw: unknown } | { returned: unknown } {
  try {
    return { returned: call() };
  } catch (error) {
    return { threw: error };
  }
}

class Accounts {
  ran: string[] = [];

  @Spy()
  @CheckArgs(refuseEmpty)
  async rename(id: string): Promise<string> {
    this.ran.push(id);
    return id;
  }

  // Declared to return a promise, not an async function: known async from its metadata.
  @CheckArgs(refuseEmpty)
  load(id: string): Promise<string> {
    if (id === 'sync') throw new RangeError('thrown before any await');
    this.ran.push(id);
    return Promise.resolve(id);
  }

  @Spy()
  early(): Promise<string> {
    throw new RangeError('thrown before any await');
  }

  @CheckArgs(refuseEmpty)
  count(id: string): number {
    this.ran.push(id);
    return id.length;
  }

  // A union return type leaves no useful metadata: unknown until the first answer.
  @CheckArgs(refuseEmpty)
  find(id: string): PromiseLike<string> | string {
    this.ran.push(id);
    return Promise.resolve(id);
  }
}

let runtime: Runtime;
beforeEach(() => {
  runtime = createRuntime();
  seen.length = 0;
});
afterEach(() => runtime.dispose());

describe('a synchronous throw from an advice of an async method', () => {
  it('reaches the caller as a promise rejected with the original error, under a decorator', async () => {
    const accounts = weave(new Accounts(), runtime);
    const outcome = answer(() => accounts.rename(''));
    expect(outcome).toEqual({ returned: expect.any(Promise) });
    await expect((outcome as { returned: Promise<string> }).returned).rejects.toBe(noTenant);
    expect(accounts.ran).toEqual([]);
    await expect(accounts.rename('a')).resolves.toBe('a');
  });

  it('reaches every advice above the failing one as a rejection, never as a throw', async () => {
    const accounts = weave(new Accounts(), runtime);
    await expect(accounts.rename('')).rejects.toBe(noTenant);
    expect(seen).toEqual(['thenable']);
  });

  it('reaches the advice next to the method as a rejection when the method throws before returning its promise', async () => {
    const accounts = weave(new Accounts(), runtime);
    const early = answer(() => accounts.early());
    await expect((early as { returned: Promise<string> }).returned).rejects.toThrow(
      'thrown before any await',
    );
    expect(seen).toEqual(['thenable']);
  });

  it('is a rejection for a method declared to return a promise, its own early throw too', async () => {
    const accounts = weave(new Accounts(), runtime);
    const refused = answer(() => accounts.load(''));
    await expect((refused as { returned: Promise<string> }).returned).rejects.toBe(noTenant);
    const early = answer(() => accounts.load('sync'));
    await expect((early as { returned: Promise<string> }).returned).rejects.toThrow(
      'thrown before any await',
    );
  });

  it('is a rejection under protect() and protectModule()', async () => {
    const ran: unknown[] = [];
    const save = protect(
      async (id: string) => {
        ran.push(id);
        return id;
      },
      [CheckAspect.use(refuseEmpty)],
      { runtime, name: 'save' },
    );
    const outcome = answer(() => save(''));
    await expect((outcome as { returned: Promise<string> }).returned).rejects.toBe(noTenant);
    const store = protectModule(
      {
        async put(id: string) {
          ran.push(id);
          return id;
        },
      },
      { put: [CheckAspect.use(refuseEmpty)] },
      { runtime, name: 'store' },
    );
    const put = answer(() => store.put(''));
    await expect((put as { returned: Promise<string> }).returned).rejects.toBe(noTenant);
    expect(ran).toEqual([]);
    await expect(save('b')).resolves.toBe('b');
  });
});

describe('a synchronous throw from an advice of a sync method', () => {
  it('stays a synchronous throw with the original error', () => {
    const accounts = weave(new Accounts(), runtime);
    expect(() => accounts.count('')).toThrow(noTenant);
    expect(accounts.count('abc')).toBe(3);
    expect(() => accounts.count('')).toThrow(noTenant);
    expect(accounts.ran).toEqual(['abc']);
  });
});

describe('a synchronous throw from an advice of a method of unknown kind (no metadata)', () => {
  /** Returns a promise without being an async function: unknown to protect() at weave time. */
  function lookUp(this: void, id: string): Promise<string> {
    return Promise.resolve(id);
  }

  it('is thrown while every aspect serves sync methods and the method has not answered yet', () => {
    const accounts = weave(new Accounts(), runtime);
    expect(() => accounts.find('')).toThrow(noTenant);
    const call = protect(lookUp, [CheckAspect.use(refuseEmpty)], { runtime });
    expect(() => call('')).toThrow(noTenant);
  });

  it('is a rejection once the method answered with a promise', async () => {
    const accounts = weave(new Accounts(), runtime);
    await expect(accounts.find('a')).resolves.toBe('a');
    const refused = answer(() => accounts.find(''));
    await expect((refused as { returned: Promise<string> }).returned).rejects.toBe(noTenant);
    const call = protect(lookUp, [CheckAspect.use(refuseEmpty)], { runtime });
    await expect(call('a')).resolves.toBe('a');
    const outcome = answer(() => call(''));
    await expect((outcome as { returned: Promise<string> }).returned).rejects.toBe(noTenant);
  });

  it('is thrown once the method answered with a plain value', () => {
    const call = protect((id: string) => id.length, [CheckAspect.use(refuseEmpty)], { runtime });
    expect(call('ab')).toBe(2);
    expect(() => call('')).toThrow(noTenant);
  });

  it('is a rejection from the first call under an aspect that needs time: the method must be async', async () => {
    const call = protect(lookUp, [CheckAspect.use(refuseEmpty), NeedsTimeAspect.use()], {
      runtime,
    });
    const outcome = answer(() => call(''));
    await expect((outcome as { returned: Promise<string> }).returned).rejects.toBe(noTenant);
  });

  it('is thrown when it is SyncUnsupportedError, which says the method is synchronous', () => {
    const cannotWait = new SyncUnsupportedError('this validator answers with a promise');
    const call = protect(
      (id: string) => id,
      [
        CheckAspect.use(() => {
          throw cannotWait;
        }),
        NeedsTimeAspect.use(),
      ],
      { runtime },
    );
    expect(() => call('a')).toThrow(cannotWait);
    expect(() => call('a')).toThrow(cannotWait);
  });
});
