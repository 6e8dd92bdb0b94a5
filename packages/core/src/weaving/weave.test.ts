import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Inner, Outer, Timed, trail } from '../../test/fixtures/testAspects.js';
import { AspectOrder } from '../aspect/AspectOrder.js';
import { AspectOrderError, ConfigError } from '../errors/kernelErrors.js';
import { createDecorator } from '../aspect/createDecorator.js';
import { defineAspect } from '../aspect/defineAspect.js';
import { defaultRuntime } from '../runtime/defaultRuntime.js';
import { createRuntime, type Runtime } from '../runtime/Runtime.js';
import { originalOf } from './createWrapper.js';
import { isWoven, runtimeOfInstance, weave } from './weave.js';

/** Records the runtime each call ran on. */
const ranOn: Runtime[] = [];
const OnRuntime = createDecorator(
  defineAspect<undefined, undefined>({
    name: 'OnRuntime',
    precedence: 150,
    supportsSync: true,
    validate: () => undefined,
    create: (_options, runtime) => (invocation, next) => {
      ranOn.push(runtime);
      return next(invocation);
    },
  }),
);

const marker =
  (key: string) => (target: object, property: string | symbol, descriptor: PropertyDescriptor) => {
    Reflect.defineMetadata('test:marker', key, descriptor.value as object);
    void target;
    void property;
  };

class Account {
  #balance = 100;
  readonly owner = 'ada';

  @Inner({ label: 'inner' })
  @Outer({ label: 'outer' })
  balance(): number {
    return this.#balance;
  }

  @marker('withdraw-meta')
  @Outer({ label: 'withdraw' })
  withdraw(amount: number, note?: string): number {
    void note;
    this.#balance -= amount;
    return this.balance(); // self-call: must be advised too
  }

  @Timed({ ms: 5 })
  async owner_(): Promise<string> {
    return this.owner;
  }

  @AspectOrder('Inner', 'Outer')
  @Outer({ label: 'outer' })
  @Inner({ label: 'inner' })
  reversed(): string {
    return 'done';
  }
}

let runtime: Runtime;
beforeEach(() => {
  runtime = createRuntime();
  trail.length = 0;
  ranOn.length = 0;
});
afterEach(() => runtime.dispose());

describe('weave', () => {
  it('runs aspects in the fixed precedence order, whatever order they are written in', () => {
    const account = weave(new Account(), runtime);
    expect(account.balance()).toBe(100);
    expect(trail).toEqual(['outer', 'inner']);
  });

  it('follows an explicit @AspectOrder override', () => {
    const account = weave(new Account(), runtime);
    account.reversed();
    expect(trail).toEqual(['inner', 'outer']);
  });

  it('keeps this, #private fields and advises self-calls', () => {
    const account = weave(new Account(), runtime);
    expect(account.withdraw(30)).toBe(70);
    expect(trail).toEqual(['withdraw', 'outer', 'inner']);
  });

  it('keeps name, length and function-level reflect metadata', () => {
    const account = weave(new Account(), runtime);
    expect(account.withdraw.name).toBe('withdraw');
    expect(account.withdraw.length).toBe(Account.prototype.withdraw.length);
    expect(Reflect.getMetadata('test:marker', account.withdraw)).toBe('withdraw-meta');
  });

  it('binds the instance without visible own properties: the prototype wrapper is the one path', () => {
    const account = weave(new Account(), runtime);
    expect(isWoven(account)).toBe(true);
    expect(isWoven(new Account())).toBe(false);
    expect(account.balance).toBe(Account.prototype.balance);
    expect(originalOf(account.balance)).not.toBe(Account.prototype.balance);
    expect(Object.keys(account)).toEqual(['owner']);
    expect(JSON.stringify(account)).toBe('{"owner":"ada"}');
  });

  it('refuses to bind a frozen instance with a coded error', () => {
    expect(() => weave(Object.freeze(new Account()), runtime)).toThrow(ConfigError);
  });

  it('fails at weave() when a chain cannot be composed, not at the first call', () => {
    class Reversed {
      @AspectOrder('Outer')
      @Inner({ label: 'inner' })
      @Outer({ label: 'outer' })
      run(): void {}
    }
    expect(() => weave(new Reversed(), runtime)).toThrow(AspectOrderError);
  });

  it('runs each instance on its own runtime when several runtimes share a class', () => {
    class Ledger {
      @OnRuntime()
      total(): number {
        return 3;
      }
    }
    const other = createRuntime();
    const first = weave(new Ledger(), runtime);
    const second = weave(new Ledger(), other);
    first.total();
    second.total();
    first.total();
    new Ledger().total();
    expect(ranOn).toEqual([runtime, other, runtime, defaultRuntime()]);
    other.dispose();
  });

  it('protects an instance nobody wove, on the default runtime', () => {
    class Ledger {
      @OnRuntime()
      @Outer({ label: 'ledger' })
      total(): number {
        return 3;
      }
    }
    const ledger = new Ledger();
    expect(ledger.total()).toBe(3);
    expect(trail).toEqual(['ledger']);
    expect(ranOn).toEqual([defaultRuntime()]);
    expect(runtimeOfInstance(ledger)).toBe(defaultRuntime());
  });

  it('binds a woven instance to its runtime; weaving again with another runtime changes nothing', () => {
    class Ledger {
      @OnRuntime()
      total(): number {
        return 3;
      }
    }
    const other = createRuntime();
    const ledger = weave(weave(new Ledger(), runtime), other);
    ledger.total();
    expect(ranOn).toEqual([runtime]);
    expect(runtimeOfInstance(ledger)).toBe(runtime);
    other.dispose();
  });

  it("runs the base class's aspects on super.method(), on the instance's runtime", () => {
    class Base {
      @OnRuntime()
      @Outer({ label: 'base' })
      fee(): number {
        return 1;
      }
    }
    class Decorated extends Base {
      @Outer({ label: 'sub' })
      override fee(): number {
        return super.fee() + 1;
      }
    }
    class Plain extends Base {
      override fee(): number {
        return super.fee() + 10;
      }
    }
    expect(weave(new Decorated(), runtime).fee()).toBe(2);
    expect(trail).toEqual(['sub', 'base']);
    trail.length = 0;
    expect(weave(new Plain(), runtime).fee()).toBe(11);
    expect(trail).toEqual(['base']);
    expect(ranOn).toEqual([runtime, runtime]);
  });

  it('gives the prototype wrapper the name, length and metadata of the method', () => {
    const wrapper = Account.prototype.withdraw;
    expect(wrapper.name).toBe('withdraw');
    expect(wrapper.length).toBe(originalOf(wrapper).length);
    expect(Reflect.getMetadata('test:marker', wrapper)).toBe('withdraw-meta');
  });

  it('is a no-op when weaving twice', () => {
    const account = weave(new Account(), runtime);
    const wrapper = account.balance;
    expect(weave(account, runtime)).toBe(account);
    expect(account.balance).toBe(wrapper);
    account.balance();
    expect(trail).toEqual(['outer', 'inner']);
  });

  it('keeps a sync method sync when every aspect allows it', () => {
    const account = weave(new Account(), runtime);
    const result: unknown = account.balance();
    expect(result).toBe(100);
    expect(result).not.toBeInstanceOf(Promise);
  });

  it('runs an async-only aspect around an async method', async () => {
    const account = weave(new Account(), runtime);
    await expect(account.owner_()).resolves.toBe('ada');
    expect(trail).toEqual(['timed 5']);
  });

  it('weaves inherited decorated methods and respects undecorated overrides', () => {
    class Savings extends Account {
      override reversed(): string {
        return 'plain';
      }
    }
    const savings = weave(new Savings(), runtime);
    expect(savings.reversed()).toBe('plain');
    expect(savings.balance()).toBe(100);
    expect(trail).toEqual(['outer', 'inner']);
  });

  it('leaves objects without decorated methods untouched', () => {
    const plain = { hello: () => 'hi' };
    expect(weave(plain, runtime)).toBe(plain);
    expect(Object.keys(plain)).toEqual(['hello']);
  });
});
