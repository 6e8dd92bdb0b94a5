import type { LogSink } from '../sinks/LogSink.js';
import { BoundedQueue } from './BoundedQueue.js';
import type { LogCounters } from './LogStatistics.js';
import type { TimerSource, TimerTask } from './TimerSource.js';

/** Settings of a {@link SinkWriter}. */
export interface SinkWriterOptions {
  readonly primary: LogSink;
  readonly fallback: LogSink | undefined;
  readonly counters: LogCounters;
  readonly timers: TimerSource;
  readonly queueSize: number;
  readonly batchChars: number;
  readonly recheckMs: number;
  readonly writeTimeoutMs: number;
}

/**
 * Drains the bounded queue into the best working sink, one chunk in flight at a time.
 * Failures move down the chain primary → fallback → none (each move counted); while degraded a
 * timer re-opens the primary every `recheckMs` and returns to it once it works. A write that
 * neither succeeds nor fails within `writeTimeoutMs` counts as a failure.
 */
export class SinkWriter {
  readonly #o: SinkWriterOptions;
  readonly #queue: BoundedQueue;
  #sink: LogSink | undefined;
  /** Lines of a failed chunk, retried first on the next sink. */
  #retry: string[] = [];
  #inFlight = 0;
  #writeToken = 0;
  #writeTimer: TimerTask | undefined;
  #recheckTimer: TimerTask | undefined;
  #closed = false;
  #idleWaiters: (() => void)[] = [];

  constructor(options: SinkWriterOptions) {
    this.#o = options;
    this.#queue = new BoundedQueue(options.queueSize);
  }

  /** Opens the primary sink, or falls back at once (pre-flight failure). */
  start(): void {
    try {
      this.#o.primary.open();
      this.#use(this.#o.primary, 'primary');
    } catch (error) {
      this.#o.counters.sinkError(error);
      this.#fallFrom(this.#o.primary);
    }
  }

  /** Queues one line; drops and counts it when the queue is full or no sink works. */
  enqueue(line: string): void {
    const counters = this.#o.counters;
    if (this.#closed || this.#sink === undefined || !this.#queue.push(line)) {
      counters.dropped++;
      return;
    }
    counters.queued = this.#queue.length + this.#retry.length;
    this.#pump();
  }

  /** Resolves once nothing is queued or in flight (or nothing can be written any more). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops timers, counts everything unwritten as dropped and closes the sinks. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#writeTimer?.cancel();
    this.#recheckTimer?.cancel();
    this.#writeToken++;
    this.#o.counters.dropped += this.#queue.clear() + this.#retry.length + this.#inFlight;
    this.#retry = [];
    this.#inFlight = 0;
    this.#o.counters.queued = 0;
    this.#o.primary.close();
    this.#o.fallback?.close();
    this.#wakeIdle();
  }

  #isIdle(): boolean {
    return (
      this.#inFlight === 0 &&
      (this.#sink === undefined || (this.#queue.length === 0 && this.#retry.length === 0))
    );
  }

  #use(sink: LogSink | undefined, state: 'primary' | 'stderr' | 'none'): void {
    this.#sink = sink;
    this.#o.counters.sink = state;
    if (sink === undefined) {
      this.#o.counters.dropped += this.#queue.clear() + this.#retry.length;
      this.#retry = [];
      this.#o.counters.queued = 0;
      this.#wakeIdle();
    }
  }

  #pump(): void {
    const sink = this.#sink;
    if (this.#inFlight > 0 || sink === undefined || this.#closed) return;
    const lines = this.#retry.length > 0 ? this.#retry : this.#queue.take(512, this.#o.batchChars);
    this.#retry = [];
    if (lines.length === 0) {
      this.#wakeIdle();
      return;
    }
    this.#inFlight = lines.length;
    const token = ++this.#writeToken;
    this.#writeTimer = this.#o.timers.schedule(this.#o.writeTimeoutMs, () => {
      if (token !== this.#writeToken) return;
      this.#settle(
        token,
        sink,
        lines,
        Object.assign(new Error(`${sink.name} write timed out`), { code: 'ETIMEDOUT' }),
      );
    });
    try {
      sink.write(lines.join(''), (error) => this.#settle(token, sink, lines, error ?? undefined));
    } catch (error) {
      this.#settle(token, sink, lines, error as Error);
    }
  }

  #settle(token: number, sink: LogSink, lines: string[], error: Error | undefined): void {
    if (token !== this.#writeToken) return; // timed out or closed already
    this.#writeToken++;
    this.#writeTimer?.cancel();
    this.#writeTimer = undefined;
    this.#inFlight = 0;
    const counters = this.#o.counters;
    if (error === undefined) {
      counters.written += lines.length;
    } else {
      counters.sinkError(error);
      this.#retry = lines;
      // A re-check may have switched sinks while this chunk was in flight: retry it there.
      if (sink === this.#sink) this.#fallFrom(sink);
    }
    counters.queued = this.#queue.length + this.#retry.length;
    this.#pump();
  }

  #fallFrom(failed: LogSink): void {
    const counters = this.#o.counters;
    failed.close();
    counters.fallbacks++;
    const fallback = this.#o.fallback;
    if (failed === this.#o.primary && fallback !== undefined) {
      try {
        fallback.open();
        this.#use(fallback, 'stderr');
        this.#scheduleRecheck();
        return;
      } catch (error) {
        counters.sinkError(error);
        counters.fallbacks++;
      }
    }
    this.#use(undefined, 'none');
    this.#scheduleRecheck();
  }

  #scheduleRecheck(): void {
    if (this.#recheckTimer !== undefined || this.#closed) return;
    this.#recheckTimer = this.#o.timers.schedule(this.#o.recheckMs, () => {
      this.#recheckTimer = undefined;
      this.#recheck();
    });
  }

  #recheck(): void {
    if (this.#closed || this.#sink === this.#o.primary) return;
    const counters = this.#o.counters;
    try {
      this.#o.primary.open();
      counters.recoveries++;
      this.#use(this.#o.primary, 'primary');
      this.#pump();
      return;
    } catch (error) {
      counters.noteError(error);
    }
    if (this.#sink === undefined && this.#o.fallback !== undefined) {
      try {
        this.#o.fallback.open();
        this.#use(this.#o.fallback, 'stderr');
        this.#pump();
      } catch {
        // Still nothing works: keep dropping until the next re-check.
      }
    }
    this.#scheduleRecheck();
  }

  #wakeIdle(): void {
    if (!this.#isIdle() || this.#idleWaiters.length === 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
