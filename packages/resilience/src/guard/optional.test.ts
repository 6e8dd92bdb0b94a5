import { describe, expect, it } from '@jest/globals';
import { optional } from './optional.js';

class Audit {
  readonly entries: string[] = [];
  record(what: string): number {
    return this.entries.push(what);
  }
  async flush(): Promise<number> {
    return this.entries.length;
  }
}

describe('optional', () => {
  it('calls through a service that is there, as the service itself', async () => {
    const audit = new Audit();
    expect(optional(audit)).toBe(audit);
    expect(optional(audit).record('paid')).toBe(1);
    await expect(optional(audit).flush()).resolves.toBe(1);
  });

  it('answers undefined without calling anything when the service is missing', async () => {
    const unbound = (): Audit | undefined => undefined;
    const missing = unbound();
    expect(optional(missing).record('paid')).toBeUndefined();
    expect(optional<Audit>(null).record('paid')).toBeUndefined();
    expect(await optional(missing).flush()).toBeUndefined();
  });

  it('does not pass for a thenable when awaited by mistake', async () => {
    await expect(Promise.resolve(optional<Audit>(undefined))).resolves.toBeDefined();
  });
});
