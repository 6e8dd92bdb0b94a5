import type { Runtime } from '@ballast/core';
import type { BreakerState, BreakerStateEvent } from '@ballast/resilience';

/** One recorded breaker transition. */
export interface BreakerTransition {
  /** Runtime clock, epoch ms. */
  readonly at: number;
  readonly name: string;
  readonly key: string | null;
  readonly from: BreakerState;
  readonly to: BreakerState;
}

/**
 * The last `capacity` breaker transitions, sampled from `breaker.state` events into a fixed
 * ring: memory stays bounded however often breakers flap. Feeds the dashboard's state-over-time
 * strips.
 */
export class BreakerHistory {
  readonly #ring: (BreakerTransition | undefined)[];
  #next = 0;
  #size = 0;
  readonly #unsubscribe: () => void;

  constructor(runtime: Runtime, capacity: number) {
    this.#ring = new Array<BreakerTransition | undefined>(capacity);
    const clock = runtime.clock;
    this.#unsubscribe = runtime.events.on('breaker.state', (event: BreakerStateEvent) => {
      this.#ring[this.#next] = {
        at: clock.now(),
        name: event.name,
        key: event.key ?? null,
        from: event.from,
        to: event.to,
      };
      this.#next = (this.#next + 1) % this.#ring.length;
      this.#size = Math.min(this.#size + 1, this.#ring.length);
    });
  }

  /** Transitions kept, oldest first; only those at or after `since` when given. */
  list(since = -Infinity): BreakerTransition[] {
    const out: BreakerTransition[] = [];
    const start = (this.#next - this.#size + this.#ring.length) % this.#ring.length;
    for (let i = 0; i < this.#size; i++) {
      const entry = this.#ring[(start + i) % this.#ring.length]!;
      if (entry.at >= since) out.push(entry);
    }
    return out;
  }

  /** Stops listening. */
  close(): void {
    this.#unsubscribe();
  }
}
