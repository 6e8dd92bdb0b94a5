import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** Lease owners of the workers running in this process. */
const running = new Set<string>();

/** A new lease-owner id for a worker of this process: `host:pid:uuid`; forget it with {@link endLeaseOwner}. */
export function newLeaseOwner(): string {
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  running.add(owner);
  return owner;
}

/** The worker that used `owner` has stopped. */
export function endLeaseOwner(owner: string): void {
  running.delete(owner);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when the worker that took leases as `owner` is surely gone: it ran on this host and
 * its process no longer exists, or it was an earlier start of this very process (a restarted
 * container often gets the same pid). Owners on other hosts, or in a process still alive,
 * keep their leases until they end.
 */
export function isGoneOwner(owner: string): boolean {
  const [host, pid, id] = owner.split(':');
  if (host !== hostname() || id === undefined || !/^\d+$/.test(pid ?? '')) return false;
  if (Number(pid) === process.pid) return !running.has(owner);
  return !processAlive(Number(pid));
}
