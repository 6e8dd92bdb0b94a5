import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LeaseLostError } from '../errors/storeErrors.js';
import { ManualClock } from '@ballast/testing';
import { tempDir } from '../../test/support/tempDir.js';
import { type LeaseManager, openLeaseManager } from './LeaseManager.js';

describe('LeaseManager', () => {
  let temp: ReturnType<typeof tempDir>;
  let clock: ManualClock;
  let one: LeaseManager;
  let two: LeaseManager;

  beforeEach(() => {
    temp = tempDir();
    clock = new ManualClock(1_700_000_000_000);
    const file = path.join(temp.dir, 'leases.db');
    one = openLeaseManager({ file, clock });
    two = openLeaseManager({ file, clock }); // a second connection, as another process would have
  });

  afterEach(() => {
    one.close();
    two.close();
    temp.remove();
  });

  it('gives a lease to one owner and refuses the other while it is held', () => {
    const lease = one.acquire('relay', 'worker-1', 10_000);
    expect(lease?.token).toBe(1);
    expect(two.acquire('relay', 'worker-2', 10_000)).toBeUndefined();
    expect(two.holder('relay')).toEqual({
      owner: 'worker-1',
      expiresAt: clock.now() + 10_000,
      token: 1,
    });
  });

  it('releases the lease on expiry so another owner takes it with a higher token', () => {
    const first = one.acquire('relay', 'worker-1', 10_000)!;
    clock.advance(10_000);
    expect(two.holder('relay')).toBeUndefined();
    const second = two.acquire('relay', 'worker-2', 10_000);
    expect(second?.token).toBe(2);
    expect(() => first.renew(10_000)).toThrow(LeaseLostError);
    expect(first.release()).toBe(false);
  });

  it('keeps a renewed lease past its first expiry', () => {
    const lease = one.acquire('relay', 'worker-1', 10_000)!;
    clock.advance(9_000);
    lease.renew(10_000);
    expect(lease.expiresAt).toBe(clock.now() + 10_000);
    clock.advance(5_000);
    expect(two.acquire('relay', 'worker-2', 10_000)).toBeUndefined();
  });

  it('frees the lease at once on release', () => {
    const lease = one.acquire('relay', 'worker-1', 10_000)!;
    expect(lease.release()).toBe(true);
    expect(two.acquire('relay', 'worker-2', 10_000)?.owner).toBe('worker-2');
  });
});
