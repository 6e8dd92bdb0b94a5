import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, protect, type Runtime, SyncUnsupportedError, weave } from '@ballast/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type } from 'arktype';
import * as v from 'valibot';
import { z } from 'zod';
import { outcomeOf } from '../../test/outcomes.js';
import { breakerStatistics } from '../circuit-breaker/BreakerRegistry.js';
import { circuitBreaker } from '../circuit-breaker/CircuitBreaker.js';
import { ContractViolationError } from './ContractViolationError.js';
import { Guard, guard } from './Guard.js';
import type { GuardViolationEvent } from './GuardEvents.js';
import { guardStatistics } from './GuardStatistics.js';
import { nonNull } from './nonNull.js';

let runtime: Runtime;
let violations: GuardViolationEvent[];
beforeEach(() => {
  runtime = createRuntime();
  violations = [];
  runtime.events.on('guard.violation', (event) => violations.push(event));
});
afterEach(() => runtime.dispose());

const validators: [string, StandardSchemaV1, StandardSchemaV1][] = [
  ['zod', z.string().min(1), z.coerce.number().int()],
  [
    'valibot',
    v.pipe(v.string(), v.minLength(1)),
    v.pipe(v.unknown(), v.transform(Number), v.integer()),
  ],
  ['ArkType', type('string > 0'), type('string.integer.parse')],
];

describe.each(validators)('Guard with %s', (_vendor, name, quantity) => {
  class Orders {
    calls = 0;

    @Guard({ args: [name, quantity] })
    async place(item: string, count: unknown): Promise<string> {
      this.calls++;
      return `${count as number} × ${item} (${typeof count})`;
    }
  }

  it('refuses a bad argument before the method runs, naming it and the issue', async () => {
    const orders = weave(new Orders(), runtime);
    const error = await outcomeOf(orders.place('', '2'));
    expect(ContractViolationError.is(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'BALLAST_ERR_CONTRACT_VIOLATION',
      statusCode: 400,
      subject: 'argument',
      index: 0,
      parameter: 'item',
      policy: 'Orders.place',
    });
    expect((error as Error).message).toMatch(
      /^@Guard on Orders\.place: argument 0 \(item\) breaks its contract: .+\.$/,
    );
    expect(orders.calls).toBe(0);
  });

  it('passes each schema’s output to the method', async () => {
    const orders = weave(new Orders(), runtime);
    await expect(orders.place('apple', '3')).resolves.toBe('3 × apple (number)');
  });
});

describe('Guard', () => {
  it('replaces a result that breaks its contract, and keeps a sync method sync', () => {
    class Lookup {
      @Guard({ result: 'nonNull' })
      find(id: string): string | undefined {
        return id === 'known' ? 'found' : undefined;
      }
    }
    const lookup = weave(new Lookup(), runtime);
    expect(lookup.find('known')).toBe('found');
    expect(() => lookup.find('missing')).toThrow(
      '@Guard on Lookup.find: the result breaks its contract: expected a value, got undefined.',
    );
    expect(guardStatistics(runtime).get('Lookup.find')?.resultsRejected).toBe(1);
  });

  it('checks the resolved value of an async method', async () => {
    const find = protect(
      async (id: string) => (id === 'a' ? { id } : null),
      [guard({ result: z.object({ id: z.string() }) })],
      {
        runtime,
        name: 'find',
      },
    );
    await expect(find('a')).resolves.toEqual({ id: 'a' });
    await expect(find('b')).rejects.toMatchObject({
      subject: 'result',
      index: undefined,
      statusCode: 500,
    });
  });

  it("checks every declared parameter with args: 'nonNull'", async () => {
    class Mailer {
      @Guard({ args: 'nonNull' })
      send(to: string, subject: string, body?: string): string {
        return `${to}:${subject}:${body}`;
      }
    }
    const mailer = weave(new Mailer(), runtime);
    expect(() => mailer.send('ada', 'hi')).toThrow(
      '@Guard on Mailer.send: argument 2 (body) breaks its contract: expected a value, got undefined.',
    );
    expect(mailer.send('ada', 'hi', 'text')).toBe('ada:hi:text');
  });

  it('mixes nonNull with other schemas by position, leaving undefined positions unchecked', () => {
    const call = protect(
      (a: unknown, b: unknown, c: unknown) => [a, b, c],
      [guard({ args: [nonNull, undefined, z.number()] })],
      { runtime, name: 'mix' },
    );
    expect(call(1, undefined, 2)).toEqual([1, undefined, 2]);
    expect(() => call(null, 1, 2)).toThrow(/argument 0 \(a\)/);
  });

  it('lets a broken contract through in log-only mode, counted and announced', async () => {
    const seen: GuardViolationEvent[] = [];
    const call = protect(
      async (n: unknown) => n,
      [guard({ args: [z.number()], mode: 'log-only', onViolation: (e) => seen.push(e) })],
      {
        runtime,
        name: 'legacy',
      },
    );
    await expect(call('7')).resolves.toBe('7');
    expect(guardStatistics(runtime).get('legacy')).toMatchObject({
      argumentsLogged: 1,
      argumentsRejected: 0,
    });
    expect(violations).toEqual([
      {
        policy: 'legacy',
        subject: 'argument',
        index: 0,
        parameter: 'n',
        issues: [{ message: 'Invalid input: expected number, received string', path: [] }],
        action: 'logged',
      },
    ]);
    expect(seen).toEqual(violations);
  });

  it('names the path of a nested issue', async () => {
    const call = protect(
      async (order: unknown) => order,
      [guard({ args: [z.object({ address: z.object({ zip: z.string().length(5) }) })] })],
      { runtime, name: 'ship' },
    );
    await expect(call({ address: { zip: '123' } })).rejects.toThrow(/at address\.zip\.$/);
  });

  it('never echoes the input a validator quoted in its message', async () => {
    const login = protect(
      async (_email: string, _password: string) => 'ok',
      [guard({ args: [v.pipe(v.string(), v.email()), type('number')] })],
      { runtime, name: 'login' },
    );
    const emailError = (await outcomeOf(login('ada@', 'x'))) as ContractViolationError;
    expect(emailError.message).toContain('Invalid email: Received <4 characters>');
    const passwordError = (await outcomeOf(
      login('ada@example.com', 'hunter2' as never),
    )) as ContractViolationError;
    expect(passwordError.message).not.toContain('hunter2');
    expect(JSON.stringify(violations)).not.toMatch(/hunter2|ada@"/);
  });

  it('waits for an async validator on an async method', async () => {
    const taken = z.string().refine(async (name) => name !== 'admin', 'name taken');
    const register = protect(async (name: string) => `hello ${name}`, [guard({ args: [taken] })], {
      runtime,
      name: 'register',
    });
    await expect(register('ada')).resolves.toBe('hello ada');
    await expect(register('admin')).rejects.toThrow(
      'argument 0 (name) breaks its contract: name taken.',
    );
  });

  it('refuses an async validator on a synchronous method with SyncUnsupportedError', () => {
    const slow = z.string().refine(async () => true);
    class Names {
      @Guard({ args: [slow] })
      upper(name: string): string {
        return name.toUpperCase();
      }
    }
    const names = weave(new Names(), runtime);
    expect(() => names.upper('ada')).toThrow(SyncUnsupportedError);
    expect(() => names.upper('ada')).toThrow(/the validator of argument 0 returned a promise/);
  });

  it('refuses a bad argument before an inner breaker spends a permit', async () => {
    const call = protect(
      async (n: number) => n,
      [guard({ args: [z.number()] }), circuitBreaker({ name: 'dep' })],
      { runtime, name: 'dep' },
    );
    await outcomeOf(call('x' as never));
    await call(1);
    expect(breakerStatistics(runtime).get('dep')?.calls).toMatchObject({
      successful: 1,
      failed: 0,
    });
  });

  it('validates its options at decoration', () => {
    expect(() => guard({})).toThrow('give "args", "result" or both');
    expect(() => guard({ args: [z.string(), 'x' as never] })).toThrow(
      /args\[1\] must be a Standard Schema/,
    );
    expect(() => guard({ result: {} as never })).toThrow(/"result" must be a Standard Schema/);
    expect(() => guard({ args: 'all' as never })).toThrow(
      /"args" must be an array of schemas by position, or 'nonNull'/,
    );
  });
});
