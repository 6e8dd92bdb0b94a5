import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import {
  AspectPrecedence,
  createDecorator,
  createRuntime,
  defineAspect,
  protect,
  weave,
} from '../src/index.js';
import { NeedsTimeAspect } from './fixtures/testAspects.js';

const closed = new Error('gate closed');

/** Refuses every call on purpose, the way an open breaker does: `kind.refuse`, no throw. */
const GateAspect = defineAspect<undefined, undefined>({
  name: 'Gate',
  precedence: AspectPrecedence.CircuitBreaker,
  supportsSync: true,
  validate: () => undefined,
  create: (_options, _runtime, _target, kind) => () => kind.refuse(closed),
});
const Gate = createDecorator(GateAspect);

/** Lets the first call through, then refuses like {@link GateAspect}. */
const AfterFirstAspect = defineAspect<undefined, undefined>({
  name: 'AfterFirst',
  precedence: AspectPrecedence.CircuitBreaker,
  supportsSync: true,
  validate: () => undefined,
  create: (_options, _runtime, _target, kind) => {
    let calls = 0;
    return (invocation, next) => (calls++ === 0 ? next(invocation) : kind.refuse(closed));
  },
});

class Doors {
  @Gate()
  async open(): Promise<string> {
    return 'open';
  }

  @Gate()
  peek(): string {
    return 'peek';
  }
}

function outcomeOf(call: () => unknown): 'threw' | 'rejected promise' | 'value' {
  try {
    const result = call();
    if (result instanceof Promise) {
      result.catch(() => undefined);
      return 'rejected promise';
    }
    return 'value';
  } catch (error) {
    expect(error).toBe(closed);
    return 'threw';
  }
}

describe('MethodKind.refuse: an advice refuses a call the way the method fails', () => {
  it('rejects for an async method and throws for a sync one (kind from metadata)', async () => {
    const doors = weave(new Doors(), createRuntime());
    await expect(doors.open()).rejects.toBe(closed);
    expect(() => doors.peek()).toThrow(closed);
  });

  it('rejects while the kind is unknown when an aspect of the chain needs time', async () => {
    const runtime = createRuntime();
    const open = protect(() => Promise.resolve('open'), [GateAspect.use(), NeedsTimeAspect.use()], {
      runtime,
      name: 'open',
    });
    expect(outcomeOf(open)).toBe('rejected promise');
  });

  it('throws while the kind is unknown when every aspect serves sync methods', () => {
    const runtime = createRuntime();
    const open = protect(() => Promise.resolve('open'), [GateAspect.use()], { runtime, name: 'o' });
    expect(outcomeOf(open)).toBe('threw');
  });

  it('follows the kind the kernel learnt from the first answer', async () => {
    const runtime = createRuntime();
    const asyncCall = protect(() => Promise.resolve('a'), [AfterFirstAspect.use()], {
      runtime,
      name: 'asyncCall',
    });
    const syncCall = protect(() => 's', [AfterFirstAspect.use()], { runtime, name: 'syncCall' });
    await expect(asyncCall()).resolves.toBe('a');
    expect(outcomeOf(asyncCall)).toBe('rejected promise');
    expect(syncCall()).toBe('s');
    expect(outcomeOf(syncCall)).toBe('threw');
  });
});
