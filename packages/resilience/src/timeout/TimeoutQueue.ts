import type { Runtime, ScheduledTask } from '@ballast/core';

/** What the queue needs of a call: its deadline, its links and a way to expire it. */
export interface QueuedCall {
  readonly deadline: number;
  previousInQueue: QueuedCall | undefined;
  nextInQueue: QueuedCall | undefined;
  /** Called once when the deadline passed; the call has already left the queue. */
  expire(): void;
  /** Called once when the runtime is disposed while the call is pending. */
  abandon(): void;
}

/**
 * In-flight calls of one timeout policy, in start order. Calls of one policy get the same time
 * limit, so start order is deadline order: one scheduler task for the earliest deadline serves
 * them all, and a call costs an O(1) append and an O(1) unlink instead of its own timer.
 * A call whose deadline is earlier than the tail's (shortened by an outer deadline) does not
 * belong here (see {@link TimeoutQueue.accepts}): it keeps its own scheduler task and is only
 * held here, in {@link TimeoutQueue.loose}, so that disposing the runtime reaches it too.
 */
export class TimeoutQueue {
  head: QueuedCall | undefined;
  tail: QueuedCall | undefined;
  /** Pending calls timed by their own task; abandoned with the queued ones at dispose. */
  readonly loose = new Set<QueuedCall>();
  readonly #runtime: Runtime;
  #armedFor = Infinity;
  #task: ScheduledTask | undefined;
  readonly #fire = (): void => this.#expireDue();

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    // The scheduler drops its tasks at dispose: without this, a call whose method never settles
    // would leave its caller waiting forever.
    runtime.onDispose(() => this.#abandonAll());
  }

  /** True when `deadline` keeps the queue in deadline order. */
  accepts(deadline: number): boolean {
    return this.tail === undefined || this.tail.deadline <= deadline;
  }

  /** Appends a call; arms the scheduler only when nothing earlier is armed (throws when disposed). */
  append(call: QueuedCall, now: number): void {
    if (call.deadline < this.#armedFor) this.#arm(call.deadline, now);
    const tail = this.tail;
    call.previousInQueue = tail;
    if (tail === undefined) {
      this.head = call;
      this.#runtime.scheduler.hold(); // a caller awaits the queue's calls: keep the process alive
    } else {
      tail.nextInQueue = call;
    }
    this.tail = call;
  }

  /**
   * Unlinks a call. The armed task stays: when it fires for a call that already left, it
   * re-arms for the new head (at most one spare wake-up per time limit).
   */
  remove(call: QueuedCall): void {
    const previous = call.previousInQueue;
    const next = call.nextInQueue;
    if (previous === undefined) {
      this.head = next;
      if (next === undefined) this.#runtime.scheduler.release();
    } else {
      previous.nextInQueue = next;
    }
    if (next === undefined) this.tail = previous;
    else next.previousInQueue = previous;
    call.previousInQueue = undefined;
    call.nextInQueue = undefined;
  }

  #abandonAll(): void {
    for (let head = this.head; head !== undefined; head = this.head) {
      this.remove(head);
      head.abandon();
    }
    for (const call of this.loose) call.abandon();
    this.loose.clear();
  }

  #arm(due: number, now: number): void {
    this.#task?.cancel();
    this.#armedFor = due;
    this.#task = this.#runtime.scheduler.schedule(due - now, this.#fire);
  }

  #expireDue(): void {
    this.#task = undefined;
    this.#armedFor = Infinity;
    const now = this.#runtime.clock.now();
    let head = this.head;
    while (head !== undefined && head.deadline <= now) {
      this.remove(head);
      head.expire();
      head = this.head;
    }
    if (head !== undefined && !this.#runtime.disposed) this.#arm(head.deadline, now);
  }
}
