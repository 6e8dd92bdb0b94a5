import { AsyncLocalStorage } from 'node:async_hooks';
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
    readonly keepAlive: boolean,
  ) {}

  cancel(): void {
    if (this.cancelled || this.done) return;
    this.cancelled = true;
    this.owner.noteCancelled(this);
  }
}

/**
 * Runs a function in the async context of this module's loading, which holds no call's context:
 * the one timer is armed by whichever call schedules the earliest task, and a timer fires in the
 * context that armed it, so without this every task (a health check, a poll, a lease renewal)
 * would run with that call's request id, deadline, signal and trace span. A task that belongs to
 * a call binds itself to it (the retry's next attempt does).
 */
const outsideAnyCall = AsyncLocalStorage.snapshot();

/**
 * The longest delay a Node timer takes: a longer one fires after 1 ms (with a warning). A task due
 * later arms the timer for this long, then again for the time left.
 */
const MAX_TIMER_MS = 2_147_483_647;

/** Cancelled entries are swept once they are this many and over half of the heap. */
const SWEEP_THRESHOLD = 1024;

/** Schedulers that have had work a caller awaits, checked when the process is about to exit. */
const awaited = new Set<WeakRef<Scheduler>>();
let listening = false;

/**
 * Node emits `beforeExit` when nothing keeps its event loop alive; a listener that adds work
 * (refs a timer) keeps it running. Checking there, instead of on every hold, costs a call
 * nothing, and a process with other work (a server) never pays at all.
 */
function keepAwaitedWorkAlive(): void {
  for (const ref of awaited) {
    const scheduler = ref.deref();
    if (scheduler === undefined) awaited.delete(ref);
    else scheduler.keepAliveIfAwaited();
  }
}

/**
 * One shared timer for a whole runtime: tasks sit in a binary min-heap by due time and a single
 * clock timer is armed for the earliest. Scheduling is O(log n) and cancelling O(1), so a
 * timeout per call costs no `setTimeout`/`clearTimeout` pair.
 *
 * The timer keeps the process alive while a caller awaits the scheduler's work (a keep-alive
 * task is pending, or a {@link Scheduler.hold} is open), as a `setTimeout` the caller made
 * itself would; housekeeping alone never does. A hold is a count: the timer is told to keep the
 * process alive only when Node is about to exit with awaited work pending (`beforeExit`).
 */
export class Scheduler {
  readonly #clock: Clock;
  #heap: Entry[] = [];
  #cancelled = 0;
  #timer: TimerHandle | undefined;
  #armedFor = Infinity;
  #disposed = false;
  /** Open holds plus pending keep-alive tasks. */
  #holds = 0;
  /** Whether the armed timer was told to keep the process alive. */
  #timerKeepsAlive = false;
  /** This scheduler's entry in the process-wide list checked before exit. */
  #registration: WeakRef<Scheduler> | undefined;
  /** Callbacks that threw; counted, never rethrown into the timer. */
  callbackErrors = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Tasks waiting, cancelled ones not yet swept included. */
  get size(): number {
    return this.#heap.length;
  }

  /** True while the scheduler's timer keeps the process alive (see {@link Scheduler.hold}). */
  get keepingAlive(): boolean {
    return this.#holds > 0;
  }

  /**
   * Runs `callback` once, `delayMs` from now on the runtime's clock. With `keepAlive`, the
   * process stays alive until the task runs or is cancelled: for work a caller awaits (a retry
   * delay, a queue wait); housekeeping leaves it off.
   */
  schedule(delayMs: number, callback: () => void, keepAlive = false): ScheduledTask {
    if (this.#disposed) throw new RuntimeDisposedError();
    const entry = new Entry(this.#clock.now() + Math.max(0, delayMs), callback, this, keepAlive);
    this.#push(entry);
    if (entry.due < this.#armedFor) this.#arm(entry.due);
    if (keepAlive) this.hold();
    return entry;
  }

  /**
   * Keeps the process alive until the matching {@link Scheduler.release}: a caller awaits work
   * timed by a task that outlives any single call (e.g. one task serving every in-flight
   * timeout of a policy). Holds count; the timer keeps the process alive while any is open.
   */
  hold(): void {
    if (this.#disposed) return;
    this.#holds++;
    if (this.#registration === undefined) this.#register();
  }

  /** Closes one {@link Scheduler.hold}. */
  release(): void {
    if (this.#disposed) return;
    if (--this.#holds === 0 && this.#timerKeepsAlive) this.#letGo();
  }

  /** @internal the process is about to exit: keep it alive if a caller awaits this scheduler. */
  keepAliveIfAwaited(): void {
    if (this.#holds === 0 || this.#timer === undefined || this.#timerKeepsAlive) return;
    this.#timerKeepsAlive = true;
    this.#clock.keepAlive?.(this.#timer, true);
  }

  /** Cancels every task and the clock timer; later `schedule` calls throw. */
  dispose(): void {
    if (this.#registration !== undefined) awaited.delete(this.#registration);
    this.#disposed = true;
    this.#heap = [];
    this.#cancelled = 0;
    this.#holds = 0;
    this.#disarm();
  }

  /** @internal called by a cancelled entry. */
  noteCancelled(entry: { readonly keepAlive: boolean }): void {
    if (this.#disposed) return;
    if (entry.keepAlive) this.release();
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
    this.#timer = this.#clock.setTimer(
      () => outsideAnyCall(() => this.#fire()),
      Math.min(MAX_TIMER_MS, Math.max(0, due - this.#clock.now())),
    );
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Infinity;
    this.#timerKeepsAlive = false;
  }

  #letGo(): void {
    this.#timerKeepsAlive = false;
    if (this.#timer !== undefined) this.#clock.keepAlive?.(this.#timer, false);
  }

  #register(): void {
    if (!listening) {
      listening = true;
      process.on('beforeExit', keepAwaitedWorkAlive);
    }
    this.#registration = new WeakRef(this);
    awaited.add(this.#registration);
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    this.#timerKeepsAlive = false;
    const now = this.#clock.now();
    let top = this.#heap[0];
    while (top !== undefined && top.due <= now) {
      this.#pop();
      if (top.cancelled) {
        this.#cancelled--;
      } else {
        top.done = true;
        if (top.keepAlive) this.release();
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
