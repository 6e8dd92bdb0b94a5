import { RuntimeDisposedError } from '../errors/kernelErrors.js';
import type { Clock, TimerHandle } from './Clock.js';

/** A task scheduled on the {@link Scheduler}. */
export interface ScheduledTask {
  /** Stops the task from running. Cheap: O(1). */
  cancel(): void;
}

class Entry implements ScheduledTask {
  cancelled = false;
  /** Ran (or is running): a later cancel() must not count as a cancellation. */
  done = false;
  constructor(
    readonly due: number,
    readonly callback: () => void,
    readonly owner: Scheduler,
  ) {}

  cancel(): void {
    if (this.cancelled || this.done) return;
    this.cancelled = true;
    this.owner.noteCancelled();
  }
}

/** Cancelled entries are swept once they are this many and over half of the heap. */
const SWEEP_THRESHOLD = 1024;

/**
 * One shared timer for a whole runtime: tasks sit in a binary min-heap by due time and a single
 * unref'd clock timer is armed for the earliest. Scheduling is O(log n) and cancelling O(1), so a
 * timeout per call costs no `setTimeout`/`clearTimeout` pair.
 */
export class Scheduler {
  readonly #clock: Clock;
  #heap: Entry[] = [];
  #cancelled = 0;
  #timer: TimerHandle | undefined;
  #armedFor = Infinity;
  #disposed = false;
  /** Callbacks that threw; counted, never rethrown into the timer. */
  callbackErrors = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Tasks waiting, cancelled ones not yet swept included. */
  get size(): number {
    return this.#heap.length;
  }

  /** Runs `callback` once, `delayMs` from now on the runtime's clock. */
  schedule(delayMs: number, callback: () => void): ScheduledTask {
    if (this.#disposed) throw new RuntimeDisposedError();
    const entry = new Entry(this.#clock.now() + Math.max(0, delayMs), callback, this);
    this.#push(entry);
    if (entry.due < this.#armedFor) this.#arm(entry.due);
    return entry;
  }

  /** Cancels every task and the clock timer; later `schedule` calls throw. */
  dispose(): void {
    this.#disposed = true;
    this.#heap = [];
    this.#cancelled = 0;
    this.#disarm();
  }

  /** @internal called by a cancelled entry. */
  noteCancelled(): void {
    this.#cancelled++;
    if (this.#cancelled >= SWEEP_THRESHOLD && this.#cancelled * 2 > this.#heap.length)
      this.#sweep();
    if (this.#heap.length === this.#cancelled) {
      this.#heap = [];
      this.#cancelled = 0;
      this.#disarm();
    }
  }

  #arm(due: number): void {
    this.#disarm();
    this.#armedFor = due;
    this.#timer = this.#clock.setTimer(() => this.#fire(), Math.max(0, due - this.#clock.now()));
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Infinity;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const now = this.#clock.now();
    let top = this.#heap[0];
    while (top !== undefined && top.due <= now) {
      this.#pop();
      if (top.cancelled) {
        this.#cancelled--;
      } else {
        top.done = true;
        try {
          top.callback();
        } catch {
          this.callbackErrors++;
        }
      }
      top = this.#heap[0];
    }
    if (top !== undefined && !this.#disposed) this.#arm(top.due);
  }

  #sweep(): void {
    const live = this.#heap.filter((entry) => !entry.cancelled);
    live.sort((a, b) => a.due - b.due); // a sorted array is a valid heap
    this.#heap = live;
    this.#cancelled = 0;
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    let index = heap.push(entry) - 1;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (parent.due <= entry.due) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = entry;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let index = 0;
    const length = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && heap[right]!.due < heap[left]!.due ? right : left;
      if (heap[child]!.due >= last.due) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
  }
}
