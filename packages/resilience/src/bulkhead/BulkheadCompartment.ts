import {
  currentDeadline,
  type Runtime,
  RuntimeDisposedError,
  type ScheduledTask,
  type Settler,
} from '@ballast/core';
import { cancelledError } from '../call/cancellation.js';
import { runHook } from '../call/runHook.js';
import type { BulkheadConfig, BulkheadRejectedEvent } from './Bulkhead.js';
import { BulkheadFullError } from './BulkheadFullError.js';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
  task: ScheduledTask | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  previous: Waiter | undefined;
  next: Waiter | undefined;
}

/**
 * The slots and FIFO queue behind one bulkhead name. A finished call hands its slot straight
 * to the oldest waiter. The queue is a doubly linked list, so a waiter that gives up (timed out,
 * or cancelled by its caller) leaves in O(1). It is the settler that frees a slot when the
 * call's outcome arrives.
 */
export class BulkheadCompartment implements Settler<undefined> {
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
  /** Calls whose caller cancelled them before they got a slot. */
  cancelled = 0;
  /** Times an `onRejected` hook threw. */
  hookErrors = 0;
  #config: BulkheadConfig;
  #head: Waiter | undefined;
  #tail: Waiter | undefined;
  readonly #runtime: Runtime;

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

  /**
   * Queues for a slot (handed over by {@link BulkheadCompartment.release}): the refusal when
   * the queue is full or the call's deadline leaves no time to wait, else a promise that
   * resolves with the slot or rejects when the wait times out or `signal` aborts.
   */
  queue(signal: AbortSignal | undefined): Promise<void> | BulkheadFullError {
    const config = this.#config;
    if (this.queueDepth >= config.maxQueue) return this.#refuse('full');
    const deadline = currentDeadline();
    const timeout =
      deadline === undefined
        ? config.queueTimeout
        : Math.min(config.queueTimeout, deadline - this.#runtime.clock.now());
    if (timeout <= 0) return this.#refuse('queueTimeout');
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        task: undefined,
        signal,
        onAbort: undefined,
        previous: this.#tail,
        next: undefined,
      };
      waiter.task = this.#runtime.scheduler.schedule(
        timeout,
        () => {
          this.#leave(waiter);
          reject(this.#refuse('queueTimeout'));
        },
        true,
      );
      if (signal !== undefined) {
        waiter.onAbort = () => {
          this.#leave(waiter);
          waiter.task?.cancel();
          this.cancelled++;
          reject(cancelledError(this.#runtime, 'Bulkhead', this.name, signal.reason));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
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

  /** @internal frees the slot of a call whose outcome arrived (a `Settler`). */
  settle(): void {
    this.release();
  }

  #refuse(reason: BulkheadFullError['reason']): BulkheadFullError {
    if (reason === 'full') this.rejected++;
    else this.queueTimeouts++;
    const hook = this.#config.onRejected;
    const events = this.#runtime.events;
    if (hook !== undefined || events.has('bulkhead.rejected')) {
      const event: BulkheadRejectedEvent = { policy: this.name, reason };
      runHook(hook, event, this);
      events.emit('bulkhead.rejected', event);
    }
    return new BulkheadFullError(this.name, reason);
  }

  #admit(waiter: Waiter): void {
    this.#leave(waiter);
    waiter.task?.cancel();
    this.admitted++;
    waiter.resolve();
  }

  /** Unlinks a waiter and drops its abort listener. */
  #leave(waiter: Waiter): void {
    if (waiter.previous === undefined) this.#head = waiter.next;
    else waiter.previous.next = waiter.next;
    if (waiter.next === undefined) this.#tail = waiter.previous;
    else waiter.next.previous = waiter.previous;
    waiter.previous = undefined;
    waiter.next = undefined;
    this.queueDepth--;
    if (waiter.onAbort !== undefined) {
      waiter.signal!.removeEventListener('abort', waiter.onAbort);
      waiter.onAbort = undefined;
    }
  }

  #rejectAll(error: Error): void {
    for (let waiter = this.#head; waiter !== undefined; waiter = this.#head) {
      this.#leave(waiter);
      waiter.reject(error);
    }
  }
}
