import type { LeaseManager } from './LeaseManager.js';

/** A held lease. Renew it well before `expiresAt`; after expiry another owner may take it. */
export class Lease {
  #expiresAt: number;

  /** @internal created by {@link LeaseManager.acquire}. */
  constructor(
    readonly manager: LeaseManager,
    readonly name: string,
    readonly owner: string,
    /** Fencing token: higher for every acquisition, so a stale holder's writes can be refused. */
    readonly token: number,
    expiresAt: number,
  ) {
    this.#expiresAt = expiresAt;
  }

  /** When the lease runs out (ms on the manager's clock) unless renewed. */
  get expiresAt(): number {
    return this.#expiresAt;
  }

  /** Extends the lease by `ttlMs` from now; throws `LeaseLostError` if it already expired or moved on. */
  renew(ttlMs: number): void {
    this.#expiresAt = this.manager.renew(this, ttlMs);
  }

  /** Gives the lease up; false when it had already expired and been taken or deleted. */
  release(): boolean {
    return this.manager.release(this);
  }
}
