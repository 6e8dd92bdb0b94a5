import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  AspectOrder,
  AspectOrderError,
  BallastError,
  ConfigError,
  createRuntime,
  DecoratorTargetError,
  defineAspect,
  DuplicateAspectError,
  protect,
  protectModule,
  type Runtime,
  RuntimeDisposedError,
  SyncUnsupportedError,
  UnknownPolicyError,
  weave,
} from '../src/index.js';
import { Inner, InnerAspect, Outer, Timed, TimedAspect } from './fixtures/testAspects.js';

type Decorate = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => void;
const asLegacy = (decorator: unknown) => decorator as Decorate;

function expectCoded(
  fn: () => unknown,
  ErrorClass: { code: string | undefined },
  message: RegExp,
): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(BallastError.is(caught)).toBe(true);
  expect((caught as BallastError).code).toBe(ErrorClass.code);
  expect((caught as Error).message).toMatch(message);
}

const runtimes: Runtime[] = [];
const newRuntime = (config?: Parameters<typeof createRuntime>[0]) => {
  const runtime = createRuntime(config);
  runtimes.push(runtime);
  return runtime;
};
afterEach(() => runtimes.splice(0).forEach((r) => r.dispose()));

describe('bad input gets a coded error that says what is allowed', () => {
  it('rejects a decorator on a property', () => {
    expectCoded(
      () => asLegacy(Outer())({}, 'field', undefined),
      DecoratorTargetError,
      /property "Object.field".*instance methods only/,
    );
  });

  it('rejects a decorator on an accessor', () => {
    const descriptor = { get: () => 1, configurable: true };
    expectCoded(() => asLegacy(Outer())({}, 'value', descriptor), DecoratorTargetError, /accessor/);
  });

  it('rejects a decorator on a class', () => {
    expectCoded(
      () => asLegacy(Outer())(class Thing {}),
      DecoratorTargetError,
      /class or a parameter/,
    );
  });

  it('rejects a decorator on a static method', () => {
    class Holder {
      static run(): void {}
    }
    const descriptor = Object.getOwnPropertyDescriptor(Holder, 'run');
    expectCoded(
      () => asLegacy(Outer())(Holder, 'run', descriptor),
      DecoratorTargetError,
      /static method "Holder.run"/,
    );
  });

  it('rejects unknown option keys and lists the allowed ones', () => {
    expectCoded(
      () => Outer({ lable: 'x' } as never),
      ConfigError,
      /@Outer: unknown option "lable". Allowed: label, times/,
    );
  });

  it('rejects negative numbers', () => {
    expectCoded(
      () => Outer({ times: -1 }),
      ConfigError,
      /option "times" must be an integer >= 1 <= 10 \(got -1\)/,
    );
  });

  it('describes a mistyped string by its length only, never its content', () => {
    expectCoded(
      () => Outer({ times: '7' } as never),
      ConfigError,
      /option "times" must be an integer >= 1 <= 10 \(got a string of 1 character\)/,
    );
    expectCoded(
      () => Outer({ times: 'hunter2-token' } as never),
      ConfigError,
      /^(?!.*hunter2).*\(got a string of 13 characters\)\.$/,
    );
  });

  it('rejects non-finite numbers', () => {
    expectCoded(
      () => Timed({ ms: Number.POSITIVE_INFINITY }),
      ConfigError,
      /option "ms" must be a finite number > 0 \(got Infinity\)/,
    );
  });

  it('names an option whose read throws, and an options object that cannot list its keys', () => {
    const secret = new Error('vault token s3cr3t expired');
    const getter = Object.defineProperty({ label: 'x' }, 'times', {
      enumerable: true,
      get: () => {
        throw secret;
      },
    });
    let caught: unknown;
    try {
      Outer(getter as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toBe('@Outer: option "times" cannot be read (see cause).');
    expect((caught as Error).cause).toBe(secret);
    const unlistable = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no');
        },
      },
    );
    expectCoded(() => Outer(unlistable as never), ConfigError, /cannot list its keys/);
  });

  it('reads each option once, so a strict configuration proxy and a changing getter are safe', () => {
    // A strict configuration object: reading a key it does not hold throws.
    const strict = new Proxy(
      { times: 2 },
      {
        get: (target, key) => {
          if (!(key in target)) throw new Error(`unknown configuration key ${String(key)}`);
          return (target as Record<PropertyKey, unknown>)[key];
        },
      },
    );
    expect(() => Outer(strict as never)).not.toThrow();
    let reads = 0;
    const changing = Object.defineProperty({}, 'times', {
      enumerable: true,
      get: () => (++reads === 1 ? 3 : -1), // valid when checked, invalid if read again
    });
    expect(() => Outer(changing as never)).not.toThrow();
    expect(reads).toBe(1);
  });

  it('rejects options that are not an object', () => {
    expectCoded(
      () => Outer([] as never),
      ConfigError,
      /options must be an object \(got an array\)/,
    );
  });

  it('rejects the same aspect twice on one method', () => {
    expectCoded(
      () => {
        class Twice {
          @Outer()
          @Outer()
          run(): void {}
        }
        return Twice;
      },
      DuplicateAspectError,
      /@Outer is applied twice/,
    );
  });

  it('rejects an unknown policy name when the service is woven', () => {
    class Payments {
      @Outer('payments')
      pay(): void {}
    }
    const runtime = newRuntime({ config: { policies: { Outer: { billing: { label: 'b' } } } } });
    expectCoded(
      () => weave(new Payments(), runtime),
      UnknownPolicyError,
      /names no policy.*known: billing/,
    );
  });

  it('rejects an empty policy name at decoration', () => {
    expectCoded(() => Outer('  '), ConfigError, /policy name must be a non-empty string/);
  });

  it('rejects an invalid policy in the runtime config at startup', () => {
    void InnerAspect;
    expectCoded(
      () => newRuntime({ config: { policies: { Inner: { fast: { times: 0 } } } } }),
      ConfigError,
      /policy Inner.fast: option "times"/,
    );
  });

  it('names the part of the runtime config that cannot be read', () => {
    const unreadable = Object.defineProperty({}, 'fast', {
      enumerable: true,
      get: () => {
        throw new Error('secret store offline');
      },
    });
    expectCoded(
      () => newRuntime({ config: { policies: { Inner: unreadable } } }),
      ConfigError,
      /^config\.policies\.Inner cannot be read \(see cause\)\.$/,
    );
  });

  it('rejects a misspelt createRuntime option instead of starting without its policies', () => {
    expectCoded(
      () => newRuntime({ confg: {} } as never),
      ConfigError,
      /createRuntime: unknown option "confg". Allowed: clock, config\./,
    );
    expectCoded(
      () => newRuntime({ config: { policy: {} } } as never),
      ConfigError,
      /createRuntime: config: unknown option "policy". Allowed: policies\./,
    );
  });

  it('rejects a misspelt or empty protect option instead of naming the chain anew', () => {
    const runtime = newRuntime();
    expectCoded(
      () => protect(async () => 1, [], { runtime, nme: 'payments' } as never),
      ConfigError,
      /protect: unknown option "nme". Allowed: runtime, name, order, thisArg, signal\./,
    );
    expectCoded(
      () => protect(async () => 1, [], { runtime, name: '' }),
      ConfigError,
      /protect: option "name" must be a non-empty string/,
    );
    expectCoded(
      () => protectModule({ f: () => 1 }, {}, { runtime, prefix: 'fs' } as never),
      ConfigError,
      /protectModule: unknown option "prefix". Allowed: runtime, name\./,
    );
  });

  it('rejects a time-needing aspect on a method known to be sync', () => {
    class Clock {
      @Timed()
      now(): number {
        return 1;
      }
    }
    expectCoded(
      () => weave(new Clock(), newRuntime()),
      SyncUnsupportedError,
      /Clock.now is synchronous, but @Timed needs time/,
    );
  });

  it('rejects a time-needing aspect at the first call when sync-ness was unknown', async () => {
    const sync = protect((): unknown => 42, [TimedAspect.use()], {
      runtime: newRuntime(),
      name: 'answer',
    });
    for (let call = 0; call < 2; call++) {
      const error: unknown = await Promise.resolve(sync()).catch((e: unknown) => e);
      expect(SyncUnsupportedError.is(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /answer returned a non-promise value, but @Timed needs an async method/,
      );
    }
  });

  it('rejects an order override that does not list exactly the aspects', () => {
    class Ordered {
      @AspectOrder('Outer', 'Timed')
      @Outer()
      @Inner()
      run(): void {}
    }
    expectCoded(
      () => weave(new Ordered(), newRuntime()),
      AspectOrderError,
      /exactly its aspects \(.*\); not on the method: Timed; missing: Inner/,
    );
  });

  it('rejects an order override naming an aspect twice', () => {
    expectCoded(() => AspectOrder('Outer', 'Outer'), AspectOrderError, /"Outer" is listed twice/);
  });

  it('rejects protectModule on a name that is not a function of the module', () => {
    const module = { read: () => 1, version: '1' };
    expectCoded(
      () => protectModule(module, { version: [] } as never, { name: 'lib' }),
      ConfigError,
      /protectModule\(lib\): "version" is not a function.*Functions: read/,
    );
  });

  it('rejects protectModule on no module, and on a spec that is not an object', () => {
    expectCoded(
      () => protectModule(null as never, {} as never),
      ConfigError,
      /protectModule: expected a module object \(got null\)/,
    );
    expectCoded(
      () => protectModule({ read: () => 1 }, null as never, { name: 'lib' }),
      ConfigError,
      /protectModule\(lib\): the spec must be an object of function names to aspect lists \(got null\)/,
    );
  });

  it('lists the functions of a module some of whose exports cannot be read', () => {
    const module = {
      read: () => 1,
      get pending(): never {
        throw new ReferenceError('not initialized');
      },
    };
    expectCoded(
      () => protectModule(module, { write: [] } as never, { name: 'lib' }),
      ConfigError,
      /protectModule\(lib\): "write" is not a function of the module\. Functions: read\./,
    );
  });

  it('names an export read before its module finished loading (an import cycle)', async () => {
    await import('./fixtures/importCycle/quotes.js');
    const { failure } = await import('./fixtures/importCycle/protectsQuotes.js');
    expectCoded(
      () => {
        throw failure;
      },
      ConfigError,
      /protectModule\(quotes\): reading "latest" from the module threw \(ReferenceError\); an ES module read before it has finished loading \(an import cycle\)/,
    );
    expect((failure as Error).cause).toBeInstanceOf(ReferenceError);
  });

  it('rejects protect on something that is not a function', () => {
    expectCoded(() => protect(42 as never, []), ConfigError, /expected a function \(got number\)/);
  });

  it('rejects weaving a non-object and weaving with a disposed runtime', () => {
    expectCoded(
      () => weave(7 as never, newRuntime()),
      ConfigError,
      /expected an object to weave \(got number\)/,
    );
    const runtime = newRuntime();
    runtime.dispose();
    expectCoded(() => weave({}, runtime), RuntimeDisposedError, /disposed/);
  });

  it('rejects an aspect definition with a bad name', () => {
    expectCoded(
      () =>
        defineAspect({
          name: 'my-aspect',
          precedence: 1,
          supportsSync: true,
          validate: () => undefined,
          create: () => (i, n) => n(i),
        }),
      ConfigError,
      /PascalCase/,
    );
  });
});
