import { beforeEach, describe, expect, it } from '@jest/globals';
import type { AspectFusion } from '../aspect/Aspect.js';
import { createDecorator } from '../aspect/createDecorator.js';
import { defineAspect } from '../aspect/defineAspect.js';
import { createRuntime } from '../runtime/Runtime.js';
import { weave } from './weave.js';

const trail: string[] = [];
let accept = true;

const family: AspectFusion = {
  family: 'test.pair',
  fuse: (members) => {
    if (!accept) return undefined;
    const names = members.map((m) => m.aspect.name).join('+');
    return (invocation, next) => {
      trail.push(`fused ${names}`);
      return next(invocation);
    };
  },
};

function member(name: string, precedence: number) {
  const aspect = defineAspect<undefined, undefined>({
    name,
    precedence,
    supportsSync: true,
    validate: () => undefined,
    create: () => (invocation, next) => {
      trail.push(name);
      return next(invocation);
    },
    fusion: family,
  });
  return createDecorator(aspect);
}

const Left = member('FuseLeft', 410);
const Right = member('FuseRight', 420);
const Loner = createDecorator(
  defineAspect<undefined, undefined>({
    name: 'FuseLoner',
    precedence: 415,
    supportsSync: true,
    validate: () => undefined,
    create: () => (invocation, next) => {
      trail.push('loner');
      return next(invocation);
    },
  }),
);

class Service {
  @Left()
  @Right()
  together(): string {
    return 'ok';
  }

  @Left()
  @Loner()
  @Right()
  apart(): string {
    return 'ok';
  }
}

class PolicyService {
  @Left('fast')
  @Right()
  fromPolicy(): string {
    return 'ok';
  }
}

beforeEach(() => {
  trail.length = 0;
  accept = true;
});

describe('aspect fusion', () => {
  it('runs adjacent aspects of one family as the single advice their family builds', () => {
    const runtime = createRuntime();
    expect(weave(new Service(), runtime).together()).toBe('ok');
    expect(trail).toEqual(['fused FuseLeft+FuseRight']);
    runtime.dispose();
  });

  it('composes them one by one when the family declines', () => {
    accept = false;
    const runtime = createRuntime();
    weave(new Service(), runtime).together();
    expect(trail).toEqual(['FuseLeft', 'FuseRight']);
    runtime.dispose();
  });

  it('does not fuse across an aspect of another family', () => {
    const runtime = createRuntime();
    weave(new Service(), runtime).apart();
    expect(trail).toEqual(['FuseLeft', 'loner', 'FuseRight']);
    runtime.dispose();
  });

  it('does not fuse a member whose options come from a hot-reloadable policy', () => {
    const runtime = createRuntime({ config: { policies: { FuseLeft: { fast: undefined } } } });
    weave(new PolicyService(), runtime).fromPolicy();
    expect(trail).toEqual(['FuseLeft', 'FuseRight']);
    runtime.dispose();
  });
});
