import type { Runtime } from '@ballast/core';
import type { BulkheadConfig } from './Bulkhead.js';
import { BulkheadCompartment } from './BulkheadCompartment.js';

/** Plain-number statistics of one bulkhead, read by exporters at scrape time. */
export interface BulkheadStatistics {
  readonly name: string;
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  /** Calls running now. */
  readonly active: number;
  /** Free slots now. */
  readonly availablePermits: number;
  /** Calls waiting now. */
  readonly queueDepth: number;
  /** Calls let in so far (at once or after waiting). */
  readonly admitted: number;
  /** Calls that had to wait so far. */
  readonly queued: number;
  /** Calls refused because slots and queue were full. */
  readonly rejected: number;
  /** Calls refused after waiting too long. */
  readonly queueTimeouts: number;
  /** Calls whose caller cancelled them before they got a slot. */
  readonly cancelled: number;
  /** Times an `onRejected` hook threw. */
  readonly hookErrors: number;
}

/** @internal the bulkheads of one runtime, by name. */
export class BulkheadRegistry {
  readonly #compartments = new Map<string, BulkheadCompartment>();
  readonly #runtime: Runtime;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    // Advices follow a reload at their method's next call; calls already waiting should not wait
    // for one: a raised limit lets them in at once.
    runtime.events.on('policies.changed', () => this.#followPolicies());
  }

  #followPolicies(): void {
    for (const compartment of this.#compartments.values()) {
      const latest = this.#runtime.policies.latestOf(compartment.config) as
        BulkheadConfig | undefined;
      if (latest !== undefined && latest !== compartment.config) compartment.reconfigure(latest);
    }
  }

  /** The compartment for `name`; later options replace earlier ones. */
  register(name: string, config: BulkheadConfig): BulkheadCompartment {
    const existing = this.#compartments.get(name);
    if (existing !== undefined) {
      if (existing.config !== config) existing.reconfigure(config);
      return existing;
    }
    const compartment = new BulkheadCompartment(name, config, this.#runtime);
    this.#compartments.set(name, compartment);
    return compartment;
  }

  /** A snapshot per name. */
  statistics(): Map<string, BulkheadStatistics> {
    const snapshot = new Map<string, BulkheadStatistics>();
    for (const c of this.#compartments.values()) {
      snapshot.set(c.name, {
        name: c.name,
        maxConcurrent: c.config.maxConcurrent,
        maxQueue: c.config.maxQueue,
        active: c.active,
        availablePermits: Math.max(0, c.config.maxConcurrent - c.active),
        queueDepth: c.queueDepth,
        admitted: c.admitted,
        queued: c.queued,
        rejected: c.rejected,
        queueTimeouts: c.queueTimeouts,
        cancelled: c.cancelled,
        hookErrors: c.hookErrors,
      });
    }
    return snapshot;
  }
}

const REGISTRY = Symbol('ballast.bulkheads');

/** @internal the runtime's bulkhead registry. */
export function bulkheadRegistry(runtime: Runtime): BulkheadRegistry {
  return runtime.service(REGISTRY, (owner) => new BulkheadRegistry(owner));
}

/**
 * Statistics of every bulkhead of a runtime, by name: available permits, queue depth,
 * rejections. A snapshot taken at call time.
 *
 * @example
 * ```ts
 * for (const [name, b] of bulkheadStatistics(runtime)) gauge.set({ bulkhead: name }, b.availablePermits);
 * ```
 */
export function bulkheadStatistics(runtime: Runtime): ReadonlyMap<string, BulkheadStatistics> {
  return runtime.peekService<BulkheadRegistry>(REGISTRY)?.statistics() ?? new Map();
}
