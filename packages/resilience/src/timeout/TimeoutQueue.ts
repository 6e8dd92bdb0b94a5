import type { Runtime, ScheduledTask } from '@ballast/core';

/** What the queue needs of a call: its deadline, its place and a way to expire it. */
export interface QueuedCall {
  readonly deadline: number;
  /** The bucket holding the call while it is queued. */
  bucket: TimeoutBucket | undefined;
  /** The call's index in its bucket. */
  slot: number;
  /** Called once when the deadline passed; the call has already left the queue. */
  expire(): void;
  /** Called once when the runtime is disposed while the call is pending. */
  abandon(): void;
}

/**
 * The pending calls of one policy that share a deadline (a clock millisecond). A call takes the
 * next slot and clears it when it settles. A bucket lives about as long as its millisecond
 * takes calls, so it is young memory: putting a call in it and clearing it cost plain stores,
 * where linking each call into a long-lived list costs the garbage collector's write barrier
 * (old object pointing to a new one) twice per call. Once no call is pending in it, its slots
 * are reused.
 */
export class TimeoutBucket {
  readonly calls: (QueuedCall | undefined)[] = [];
  /** Slots used so far. */
  used = 0;
  /** Calls still pending. */
  pending = 0;
  next: TimeoutBucket | undefined = undefined;

  constructor(readonly deadline: number) {}
}

/**
 * In-flight calls of one timeout policy, in buckets by deadline. Calls of one policy get the
 * same time limit, so start order is deadline order: one scheduler task for the earliest
 * deadline serves them all, and a call costs two O(1) slot stores instead of its own timer.
 * A call whose deadline is earlier than the last bucket's (shortened by an outer deadline) does
 * not belong here (see {@link TimeoutQueue.accepts}): it keeps its own scheduler task and is
 * only held here, in {@link TimeoutQueue.loose}, so that disposing the runtime reaches it too.
 */
export class TimeoutQueue {
  head: TimeoutBucket | undefined;
  tail: TimeoutBucket | undefined;
  /** Pending calls timed by their own task; abandoned with the queued ones at dispose. */
  readonly loose = new Set<QueuedCall>();
  readonly #runtime: Runtime;
  /** Calls pending in the buckets. */
  #pending = 0;
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

  /** Adds a call; arms the scheduler only when nothing earlier is armed (throws when disposed). */
  append(call: QueuedCall, now: number): void {
    const deadline = call.deadline;
    let bucket = this.tail;
    if (bucket === undefined || bucket.deadline !== deadline) bucket = this.#open(deadline, now);
    const slot = bucket.used++;
    bucket.calls[slot] = call;
    bucket.pending++;
    call.bucket = bucket;
    call.slot = slot;
    // A caller awaits the queue's calls: keep the process alive while any is pending.
    if (this.#pending++ === 0) this.#runtime.scheduler.hold();
  }

  /**
   * Takes a call out. The armed task stays: when it fires for calls that already left, it
   * re-arms for the next deadline (at most one spare wake-up per time limit).
   */
  remove(call: QueuedCall): void {
    const bucket = call.bucket!;
    bucket.calls[call.slot] = undefined;
    call.bucket = undefined;
    if (--bucket.pending === 0) bucket.used = 0;
    if (--this.#pending === 0) this.#runtime.scheduler.release();
  }

  // A new bucket rather than a reused one, so buckets stay young (see TimeoutBucket).
  #open(deadline: number, now: number): TimeoutBucket {
    if (deadline < this.#armedFor) this.#arm(deadline, now);
    const bucket = new TimeoutBucket(deadline);
    const tail = this.tail;
    if (tail === undefined) this.head = bucket;
    else tail.next = bucket;
    this.tail = bucket;
    // Buckets nobody waits on any more leave from the front, so a steady stream of calls that
    // settle in time keeps the list short.
    while (this.head!.pending === 0 && this.head !== bucket) this.head = this.head!.next;
    return bucket;
  }

  #abandonAll(): void {
    for (let bucket = this.head; bucket !== undefined; bucket = bucket.next) {
      this.#drain(bucket, false);
    }
    this.head = undefined;
    this.tail = undefined;
    for (const call of this.loose) call.abandon();
    this.loose.clear();
  }

  /** Ends the bucket's pending calls: expired at their deadline, or abandoned at dispose. */
  #drain(bucket: TimeoutBucket, expired: boolean): void {
    const calls = bucket.calls;
    for (let slot = 0; slot < bucket.used; slot++) {
      const call = calls[slot];
      if (call === undefined) continue;
      this.remove(call);
      if (expired) call.expire();
      else call.abandon();
    }
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
      this.head = head.next;
      if (this.head === undefined) this.tail = undefined;
      this.#drain(head, true);
      head = this.head;
    }
    while (head !== undefined && head.pending === 0) head = head.next;
    this.head = head;
    if (head === undefined) this.tail = undefined;
    else if (!this.#runtime.disposed) this.#arm(head.deadline, now);
  }
}
