import {
  currentDeadline,
  type Runtime,
  RuntimeDisposedError,
  type ScheduledTask,
} from '@ballast/core';
import type { BulkheadConfig } from './Bulkhead.js';
import { BulkheadFullError } from './BulkheadFullError.js';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
  task: ScheduledTask | undefined;
  previous: Waiter | undefined;
  next: Waiter | undefined;
}

/**
 * The slots and FIFO queue behind one bulkhead name. A finished call hands its slot straight
 * to the oldest waiter. The queue is a doubly linked list, so a timed-out waiter leaves in O(1).
 */
export class BulkheadCompartment {
  /** Calls running now. */
  active = 0;
  /** Calls waiting now. */
  queueDepth = 0;
  /** Calls let in (at once or after waiting). */
  admitted = 0;
  /** Calls that had to wait. */
  queued = 0;
  /** Calls refused because slots and queue were full. */
  rejected = 0;
  /** Calls refused after waiting `queueTimeout` (or past their deadline). */
  queueTimeouts = 0;
  #config: BulkheadConfig;
  #head: Waiter | undefined;
  #tail: Waiter | undefined;
  readonly #runtime: Runtime;
  /** Frees the slot of a settled call; shared by every call (no closure per call). */
  readonly onFulfilled = (value: unknown): unknown => {
    this.release();
    return value;
  };
  /** Frees the slot of a failed call and rethrows; shared by every call. */
  readonly onRejected = (error: unknown): never => {
    this.release();
    throw error;
  };

  constructor(
    readonly name: string,
    config: BulkheadConfig,
    runtime: Runtime,
  ) {
    this.#config = config;
    this.#runtime = runtime;
    runtime.onDispose(() => this.#rejectAll(new RuntimeDisposedError()));
  }

  /** The limits in force. */
  get config(): BulkheadConfig {
    return this.#config;
  }

  /** Adopts new limits (hot reload); a larger capacity lets waiters in at once. */
  reconfigure(config: BulkheadConfig): void {
    this.#config = config;
    while (this.#head !== undefined && this.active < config.maxConcurrent) {
      this.active++;
      this.#admit(this.#head);
    }
  }

  /** Takes a slot if one is free. */
  tryEnter(): boolean {
    if (this.active >= this.#config.maxConcurrent) return false;
    this.active++;
    this.admitted++;
    return true;
  }

  /** Waits for a slot (handed over by {@link BulkheadCompartment.release}); rejects when refused. */
  wait(): Promise<void> {
    const config = this.#config;
    if (this.queueDepth >= config.maxQueue) {
      this.rejected++;
      return Promise.reject(new BulkheadFullError(this.name, 'full'));
    }
    const deadline = currentDeadline();
    const timeout =
      deadline === undefined
        ? config.queueTimeout
        : Math.min(config.queueTimeout, deadline - this.#runtime.clock.now());
    if (timeout <= 0) {
      this.queueTimeouts++;
      return Promise.reject(new BulkheadFullError(this.name, 'queueTimeout'));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        task: undefined,
        previous: this.#tail,
        next: undefined,
      };
      waiter.task = this.#runtime.scheduler.schedule(
        timeout,
        () => {
          this.#unlink(waiter);
          this.queueTimeouts++;
          reject(new BulkheadFullError(this.name, 'queueTimeout'));
        },
        true,
      );
      if (this.#tail === undefined) this.#head = waiter;
      else this.#tail.next = waiter;
      this.#tail = waiter;
      this.queueDepth++;
      this.queued++;
    });
  }

  /** Frees a slot: the oldest waiter takes it over, else it becomes available. */
  release(): void {
    const waiter = this.#head;
    if (waiter !== undefined && this.active <= this.#config.maxConcurrent) this.#admit(waiter);
    else this.active--;
  }

  #admit(waiter: Waiter): void {
    this.#unlink(waiter);
    waiter.task?.cancel();
    this.admitted++;
    waiter.resolve();
  }

  #unlink(waiter: Waiter): void {
    if (waiter.previous === undefined) this.#head = waiter.next;
    else waiter.previous.next = waiter.next;
    if (waiter.next === undefined) this.#tail = waiter.previous;
    else waiter.next.previous = waiter.previous;
    waiter.previous = undefined;
    waiter.next = undefined;
    this.queueDepth--;
  }

  #rejectAll(error: Error): void {
    for (let waiter = this.#head; waiter !== undefined; waiter = this.#head) {
      this.#unlink(waiter);
      waiter.reject(error);
    }
  }
}
