import { describe, expect, it } from '@jest/globals';
import { ConfigError, protect, weave } from '@ballast/core';
import {
  ContractViolationError,
  Guard,
  guard,
  type GuardOptions,
  guardStatistics,
  nonNull,
  retry,
} from '@ballast/resilience';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as v from 'valibot';
import { z } from 'zod';
import { outcomeOf } from '../outcomes.js';
import { manualRuntime } from './manualRuntime.js';

const env = manualRuntime();

/** A Standard Schema whose validate is the given function. */
function schema(validate: (value: unknown) => unknown): StandardSchemaV1 {
  return {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: validate as StandardSchemaV1['~standard']['validate'],
    },
  };
}

class Accounts {
  calls: unknown[][] = [];

  @Guard({ args: 'nonNull' })
  async rename(id: unknown, name: unknown): Promise<string> {
    this.calls.push([id, name]);
    return `${String(id)}:${String(name)}`;
  }
}

describe('Guard against its peers and hostile arguments', () => {
  it.each<[string, unknown, unknown, number]>([
    ['null', null, 'Ada', 0],
    ['undefined', 'u-1', undefined, 1],
  ])(
    'refuses %s for a declared parameter, naming it, before the method runs [Polly/resilience4j argument null checks]',
    async (_what, id, name, index) => {
      const accounts = weave(new Accounts(), env.runtime);
      const refused = await outcomeOf(accounts.rename(id, name));
      expect(refused).toBeInstanceOf(ContractViolationError);
      expect(refused).toMatchObject({
        subject: 'argument',
        index,
        parameter: index === 0 ? 'id' : 'name',
        statusCode: 400,
      });
      expect(accounts.calls).toEqual([]);
      expect(guardStatistics(env.runtime).get('Accounts.rename')?.argumentsRejected).toBe(1);
    },
  );

  it('lets nonNull leave out a parameter with a default value, and a rest parameter [hostile input]', async () => {
    class Greeter {
      @Guard({ args: 'nonNull' })
      async greet(name: string, greeting = 'Hello', ...titles: string[]): Promise<string> {
        return `${greeting}, ${[...titles, name].join(' ')}`;
      }
    }
    const greeter = weave(new Greeter(), env.runtime);
    expect(await greeter.greet('Ada')).toBe('Hello, Ada');
    expect(await greeter.greet('Ada', undefined, 'Dr')).toBe('Hello, Dr Ada');
    expect(await outcomeOf(greeter.greet(undefined as unknown as string))).toMatchObject({
      index: 0,
      parameter: 'name',
    });
  });

  it('lets NaN, 0, false and the empty string through nonNull: they are values [hostile input]', async () => {
    const accounts = weave(new Accounts(), env.runtime);
    await accounts.rename(Number.NaN, '');
    await accounts.rename(0, false);
    expect(accounts.calls).toEqual([
      [Number.NaN, ''],
      [0, false],
    ]);
  });

  it('refuses a missing trailing argument that a schema list covers [hostile input]', async () => {
    const call = protect(
      async (..._args: unknown[]) => 'ran',
      [guard({ args: [nonNull, nonNull] })],
      {
        runtime: env.runtime,
        name: 'pair',
      },
    );
    expect(await outcomeOf(call('only one'))).toMatchObject({ index: 1 });
  });

  it('refuses an argument of the wrong type, whatever it is [hostile input]', async () => {
    const call = protect(async (id: unknown) => id, [guard({ args: [z.string().uuid()] })], {
      runtime: env.runtime,
      name: 'lookup',
    });
    for (const bad of [42, {}, [], Symbol('id'), 10n, () => 'id', new Date(0)])
      expect(await outcomeOf(call(bad))).toBeInstanceOf(ContractViolationError);
  });

  it('names the path of a nested issue in a cyclic argument without walking the cycle [hostile input]', async () => {
    const call = protect(
      async (account: unknown) => account,
      [guard({ args: [z.object({ id: z.string() })] })],
      { runtime: env.runtime, name: 'save' },
    );
    const cyclic: Record<string, unknown> = { id: 7 };
    cyclic.self = cyclic;
    const refused = (await outcomeOf(call(cyclic))) as ContractViolationError;
    expect(refused.issues).toEqual([{ message: expect.any(String), path: ['id'] }]);
    expect(refused.message).toMatch(/ at id\.$/);
  });

  it('replaces a huge echoed input by its length, keeping the message short [hostile input]', async () => {
    const secret = 'p'.repeat(1_000_000);
    const call = protect(async (pin: unknown) => pin, [guard({ args: [v.picklist(['1234'])] })], {
      runtime: env.runtime,
      name: 'unlock',
    });
    const refused = (await outcomeOf(call(secret))) as ContractViolationError;
    expect(refused.message).not.toContain('pppp');
    expect(refused.message.length).toBeLessThan(300);
  });

  it('rejects, not throws, when a validator itself throws on an async method, and never runs it [hostile input]', async () => {
    let ran = false;
    class Broken {
      @Guard({
        args: [
          schema(() => {
            throw new TypeError('validator crashed');
          }),
        ],
      })
      async save(_value: unknown): Promise<void> {
        ran = true;
      }
    }
    const broken = weave(new Broken(), env.runtime);
    let pending: Promise<void> | undefined;
    expect(() => (pending = broken.save('x'))).not.toThrow();
    expect(await outcomeOf(pending!)).toMatchObject({ message: 'validator crashed' });
    expect(ran).toBe(false);
  });

  it('fails the call with the error of a result validator that throws, on an async method [hostile input]', async () => {
    const crashing = schema(() => {
      throw new TypeError('result validator crashed');
    });
    const call = protect(async () => 'value', [guard({ result: crashing })], {
      runtime: env.runtime,
      name: 'crash',
    });
    expect(await outcomeOf(call())).toMatchObject({ message: 'result validator crashed' });
  });

  it('fails the call with the error of a validator whose promise rejects [hostile input]', async () => {
    let ran = false;
    const call = protect(
      async () => {
        ran = true;
      },
      [guard({ args: [schema(() => Promise.reject(new Error('schema service down')))] })],
      { runtime: env.runtime, name: 'remote' },
    );
    expect(await outcomeOf(call())).toMatchObject({ message: 'schema service down' });
    expect(ran).toBe(false);
  });

  it('shows a message that is not a string and symbol path keys as text [hostile input]', async () => {
    const odd = schema(() => ({ issues: [{ message: 42, path: [{ key: Symbol('k') }, 3] }] }));
    const call = protect(async (value: unknown) => value, [guard({ args: [odd] })], {
      runtime: env.runtime,
      name: 'odd',
    });
    const refused = (await outcomeOf(call('x'))) as ContractViolationError;
    expect(refused.issues).toEqual([{ message: '42', path: ['Symbol(k)', 3] }]);
  });

  it('fails a null result with status 500: the method’s fault [Polly PredicateBuilder HandleResult(null)]', async () => {
    const call = protect(async () => null, [guard({ result: 'nonNull' })], {
      runtime: env.runtime,
      name: 'find',
    });
    expect(await outcomeOf(call())).toMatchObject({
      code: 'BALLAST_ERR_CONTRACT_VIOLATION',
      subject: 'result',
      statusCode: 500,
    });
  });

  it('does not retry a broken result contract: the guard sits outside the retry [Polly PredicateBuilder HandleResult — deliberate difference]', async () => {
    let calls = 0;
    const call = protect(
      async () => {
        calls++;
        return null;
      },
      [guard({ result: 'nonNull' }), retry({ maxAttempts: 3, backoff: () => 0, budget: false })],
      { runtime: env.runtime, name: 'find' },
    );
    expect(await outcomeOf(call())).toBeInstanceOf(ContractViolationError);
    expect(calls).toBe(1);
  });

  it('lets a null argument through unchanged in log-only mode, counted [hostile input]', async () => {
    const seen: unknown[] = [];
    const call = protect(
      async (value: unknown) => {
        seen.push(value);
        return value;
      },
      [guard({ args: 'nonNull', mode: 'log-only' })],
      { runtime: env.runtime, name: 'adopt' },
    );
    expect(await call(null)).toBeNull();
    expect(seen).toEqual([null]);
    expect(guardStatistics(env.runtime).get('adopt')).toMatchObject({
      argumentsLogged: 1,
      argumentsRejected: 0,
    });
  });

  it('still refuses the call when the onViolation hook throws, counting the hook error [resilience4j HedgeImplTest "shouldHandleConsumerErrors"]', async () => {
    const call = protect(
      async (value: unknown) => value,
      [
        guard({
          args: 'nonNull',
          onViolation: () => {
            throw new Error('bad hook');
          },
        }),
      ],
      { runtime: env.runtime, name: 'hooked' },
    );
    expect(await outcomeOf(call(undefined))).toBeInstanceOf(ContractViolationError);
    expect(guardStatistics(env.runtime).get('hooked')?.hookErrors).toBe(1);
  });

  it.each<[string, unknown]>([
    ['no contract', {}],
    ['a misspelt nonNull', { args: 'nonnull' }],
    ['an argument that is not a schema', { args: [{}] }],
    ['args that are not a list', { args: 'id' }],
    ['a null result', { result: null }],
    [
      'a schema of another version',
      { result: { '~standard': { version: 2, validate: () => ({}) } } },
    ],
    ['an unknown mode', { args: 'nonNull', mode: 'warn' }],
    ['a hook that is not a function', { args: 'nonNull', onViolation: 'log' }],
    ['null options', null],
  ])('refuses %s with BALLAST_ERR_CONFIG at decoration [hostile input]', (_what, options) => {
    expect(() => guard(options as GuardOptions)).toThrow(ConfigError);
  });
});
