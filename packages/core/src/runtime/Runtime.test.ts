import { describe, expect, it, jest } from '@jest/globals';
import type { Aspect } from '../aspect/Aspect.js';
import { ConfigError } from '../errors/kernelErrors.js';
import { Outer, OuterAspect, trail } from '../../test/fixtures/testAspects.js';
import { weave } from '../weaving/weave.js';
import { createRuntime } from './Runtime.js';

class Billing {
  @Outer('billing')
  charge(): string {
    return 'charged';
  }
}

describe('Runtime', () => {
  it('resolves named policies when weaving', () => {
    const runtime = createRuntime({
      config: { policies: { Outer: { billing: { label: 'from-config' } } } },
    });
    trail.length = 0;
    weave(new Billing(), runtime).charge();
    expect(trail).toEqual(['from-config']);
    runtime.dispose();
  });

  it('hot-reloads policies: woven methods use the new options on their next call', () => {
    const runtime = createRuntime({
      config: { policies: { Outer: { billing: { label: 'v1' } } } },
    });
    const billing = weave(new Billing(), runtime);
    const changes: unknown[] = [];
    runtime.events.on('policies.changed', (event) => changes.push(event));
    trail.length = 0;
    billing.charge();
    runtime.updatePolicies({ Outer: { billing: { label: 'v2' } } });
    billing.charge();
    expect(trail).toEqual(['v1', 'v2']);
    expect(changes).toEqual([{ aspects: ['Outer'] }]);
    runtime.dispose();
  });

  it('refuses an invalid hot reload whole and keeps the old policies', () => {
    const runtime = createRuntime({
      config: { policies: { Outer: { billing: { label: 'v1' } } } },
    });
    const billing = weave(new Billing(), runtime);
    expect(() => runtime.updatePolicies({ Outer: { billing: { times: 99 } } })).toThrow(
      ConfigError,
    );
    trail.length = 0;
    billing.charge();
    expect(trail).toEqual(['v1']);
    runtime.dispose();
  });

  it('keeps one instance per service key', () => {
    const runtime = createRuntime();
    const key = Symbol('registry');
    const first = runtime.service(key, () => new Map());
    expect(runtime.service(key, () => new Map())).toBe(first);
    expect(runtime.peekService(key)).toBe(first);
    runtime.dispose();
  });

  it('clears every timer and runs disposers once on dispose, counting a failing one', () => {
    jest.useFakeTimers();
    const runtime = createRuntime();
    const disposed: string[] = [];
    runtime.scheduler.schedule(1_000, () => disposed.push('timer fired'));
    runtime.onDispose(() => disposed.push('first'));
    runtime.onDispose(() => {
      throw new Error('broken disposer');
    });
    runtime.dispose();
    runtime.dispose();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(2_000);
    expect(disposed).toEqual(['first']);
    expect(runtime.disposeErrors).toBe(1);
    jest.useRealTimers();
  });

  it('keeps the options object of every policy a reload left alone, and links changed ones to their origin', () => {
    const outer = OuterAspect as Aspect<unknown, unknown>;
    const runtime = createRuntime({
      config: { policies: { Outer: { billing: { label: 'v1' }, audit: { label: 'a' } } } },
    });
    const before = {
      billing: runtime.policies.resolve(outer, 'billing', 'test'),
      audit: runtime.policies.resolve(outer, 'audit', 'test'),
    };
    runtime.updatePolicies({ Outer: { billing: { label: 'v2' }, audit: { label: 'a' } } });
    const billing = runtime.policies.resolve(outer, 'billing', 'test');
    expect(runtime.policies.resolve(outer, 'audit', 'test')).toBe(before.audit);
    expect(billing).not.toBe(before.billing);
    expect(billing).toMatchObject({ label: 'v2' });
    expect(runtime.policies.originOf(billing)).toBe(runtime.policies.originOf(before.billing));
    expect(runtime.policies.originOf(before.audit)).not.toBe(runtime.policies.originOf(billing));
    expect(runtime.policies.originOf({ label: 'inline' })).toBeUndefined();
    runtime.dispose();
  });

  it('finds the version in force of the named policy an options object came from', () => {
    const outer = OuterAspect as Aspect<unknown, unknown>;
    const runtime = createRuntime({
      config: { policies: { Outer: { billing: { label: 'v1' }, audit: { label: 'a' } } } },
    });
    const v1 = runtime.policies.resolve(outer, 'billing', 'test');
    const audit = runtime.policies.resolve(outer, 'audit', 'test');
    expect(runtime.policies.latestOf(v1)).toBe(v1);
    runtime.updatePolicies({ Outer: { billing: { label: 'v2' }, audit: { label: 'a' } } });
    const v2 = runtime.policies.latestOf(v1);
    expect(v2).toMatchObject({ label: 'v2' });
    expect(v2).toBe(runtime.policies.resolve(outer, 'billing', 'test'));
    expect(runtime.policies.latestOf(audit)).toBe(audit);
    runtime.updatePolicies({ Outer: { audit: { label: 'a' } } });
    expect(runtime.policies.latestOf(v1)).toBeUndefined(); // billing is gone
    expect(runtime.policies.latestOf({ label: 'inline' })).toBeUndefined();
    runtime.dispose();
  });
});
