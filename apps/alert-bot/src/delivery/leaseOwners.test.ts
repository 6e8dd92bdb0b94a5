import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { endLeaseOwner, isGoneOwner, newLeaseOwner } from './leaseOwners.js';

describe('lease owners', () => {
  it('counts a worker gone when its process on this host exited, or when it stopped in this process', () => {
    const exited = spawnSync(process.execPath, ['-e', 'process.pid'], { encoding: 'utf8' }).pid!;
    expect(isGoneOwner(`${hostname()}:${exited}:0b1d`)).toBe(true);

    const mine = newLeaseOwner();
    expect(isGoneOwner(mine)).toBe(false);
    endLeaseOwner(mine);
    expect(isGoneOwner(mine)).toBe(true);
    // An earlier start of this process (a restarted container keeps its pid).
    expect(isGoneOwner(`${hostname()}:${process.pid}:earlier`)).toBe(true);
  });

  it('never takes the leases of a live process or of another host', () => {
    expect(isGoneOwner(`${hostname()}:${process.ppid}:x`)).toBe(false);
    expect(isGoneOwner(`elsewhere.example:1:x`)).toBe(false);
    expect(isGoneOwner('1234-legacy-owner')).toBe(false);
  });
});
