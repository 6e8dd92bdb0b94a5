import type { LogSink } from '../sinks/LogSink.js';
import { BoundedQueue } from './BoundedQueue.js';
import { closeOnExit } from './closeOnExit.js';
import type { LineFormatter } from './LineFormatter.js';
import type { LogRecord } from './LogRecord.js';
import { SinkChain, type SinkChainOptions } from './SinkChain.js';
import type { TimerTask } from './TimerSource.js';

/** Settings of a {@link SinkWriter}. */
export interface SinkWriterOptions extends SinkChainOptions {
  readonly formatter: LineFormatter;
  readonly queueSize: number;
  /** Most lines and characters in one chunk (one write). */
  readonly batchLines: number;
  readonly batchChars: number;
  readonly writeTimeoutMs: number;
}

/**
 * Turns of the event loop a batch may wait for more lines while the queue keeps growing. A
 * write costs ~30 µs of fixed overhead here (measured: 64-line chunks 520 ns a line of CPU,
 * 512-line chunks 130 ns), so a busy service gathers fuller chunks, even at one line per turn;
 * a turn that adds nothing ends the wait, so a quiet service writes on the next turn.
 */
const MAX_LINGER_TURNS = 64;

/** Taken at load: fake timers installed later (tests) must not stop a logger from writing. */
const nextTurn = setImmediate;

/**
 * Holds captured records in a bounded queue and, off the calling path, formats them in batches
 * and writes each batch as one chunk to the best working sink of its {@link SinkChain}, one
 * chunk in flight at a time; a failed chunk is retried on the next sink. A write that neither
 * succeeds nor fails within `writeTimeoutMs` counts as a failure.
 */
export class SinkWriter {
  readonly #o: SinkWriterOptions;
  readonly #queue: BoundedQueue<LogRecord>;
  readonly #chain: SinkChain;
  /** Lines of a failed chunk, retried first on the next sink. */
  #retry: string[] = [];
  /** Lines in the chunk being written. */
  #inFlight = 0;
  #writeToken = 0;
  #writeTimer: TimerTask | undefined;
  #scheduled = false;
  /** Queue length at the last lingering turn, and how many turns this batch has waited. */
  #seen = 0;
  #lingered = 0;
  #closed = false;
  #idleWaiters: (() => void)[] = [];
  #forgetOnExit: () => void = () => undefined;
  readonly #drain = (): void => {
    this.#scheduled = false;
    const length = this.#queue.length;
    const busy = length > this.#seen && length < this.#o.batchLines;
    if (busy && this.#lingered < MAX_LINGER_TURNS && this.#idleWaiters.length === 0) {
      this.#seen = length;
      this.#lingered++;
      this.#schedule();
      return;
    }
    this.#seen = 0;
    this.#lingered = 0;
    this.#pump();
  };

  constructor(options: SinkWriterOptions) {
    this.#o = options;
    this.#queue = new BoundedQueue(options.queueSize);
    this.#chain = new SinkChain(options, (sink) => this.#sinkChanged(sink));
  }

  /** Opens the primary sink (or falls back at once) and closes with the process. */
  start(): void {
    this.#chain.start();
    this.#forgetOnExit = closeOnExit(this);
  }

  /**
   * Queues one record for a later batch; drops and counts it when the queue is full or no sink
   * works. The only work on the calling path: nothing is formatted or written here.
   */
  enqueue(record: LogRecord): void {
    const counters = this.#o.counters;
    if (this.#closed || this.#chain.current === undefined || !this.#queue.push(record)) {
      counters.dropped++;
      return;
    }
    counters.queued++;
    if (this.#inFlight === 0) this.#schedule(); // else the settling write schedules the rest
  }

  /** Resolves once nothing is queued or in flight (or nothing can be written any more). No lingering meanwhile. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Stops accepting records and writes everything queued synchronously (`LogSink.writeSync`),
   * down the fallback chain; what no sink takes is counted as dropped. A chunk already in
   * flight settles on its own and is counted then. Runs on runtime dispose and process exit.
   * Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#forgetOnExit();
    this.#writeRestSync();
    this.#chain.close();
    this.#wakeIdle();
  }

  /**
   * For a flush that timed out: counts everything unwritten, the chunk in flight included, as
   * dropped without touching the sinks again (one of them is stuck), then closes.
   */
  abandon(): void {
    const counters = this.#o.counters;
    if (this.#inFlight > 0) {
      this.#writeToken++; // its late callback is ignored
      this.#writeTimer?.cancel();
      counters.dropped += this.#inFlight;
      this.#inFlight = 0;
    }
    counters.dropped += this.#queue.clear() + this.#retry.length;
    this.#retry = [];
    counters.queued = 0;
    this.close();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    nextTurn(this.#drain);
  }

  #isIdle(): boolean {
    return (
      this.#inFlight === 0 &&
      (this.#chain.current === undefined ||
        this.#closed ||
        (this.#queue.length === 0 && this.#retry.length === 0))
    );
  }

  /** The chain moved: to none (drop what waits) or to a sink that works (write what waits). */
  #sinkChanged(sink: LogSink | undefined): void {
    if (sink !== undefined) {
      this.#pump();
      return;
    }
    this.#o.counters.dropped += this.#queue.clear() + this.#retry.length;
    this.#retry = [];
    this.#o.counters.queued = 0;
    this.#wakeIdle();
  }

  /** Formats up to one chunk of queued records. */
  #formatBatch(): string[] {
    const { formatter, batchLines, batchChars } = this.#o;
    const lines: string[] = [];
    let chars = 0;
    while (lines.length < batchLines && chars < batchChars) {
      const record = this.#queue.shift();
      if (record === undefined) break;
      const line = formatter.line(record);
      if (line === undefined) continue; // left out by the backend's format
      lines.push(line);
      chars += line.length;
    }
    return lines;
  }

  #pump(): void {
    const sink = this.#chain.current;
    if (this.#inFlight > 0 || sink === undefined || this.#closed) return;
    const lines = this.#retry.length > 0 ? this.#retry : this.#formatBatch();
    this.#retry = [];
    this.#o.counters.queued = this.#queue.length;
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
    if (token !== this.#writeToken) return; // timed out or abandoned already
    this.#writeToken++;
    this.#writeTimer?.cancel();
    this.#writeTimer = undefined;
    this.#inFlight = 0;
    const counters = this.#o.counters;
    if (error === undefined) {
      counters.written += lines.length;
    } else {
      counters.sinkError(error);
      if (this.#closed) {
        counters.dropped += lines.length; // closing: the rest was already written synchronously
      } else {
        this.#retry = lines;
        // A re-check may have switched sinks while this chunk was in flight: retry it there.
        if (sink === this.#chain.current) this.#chain.fallFrom(sink);
      }
    }
    counters.queued = this.#queue.length + this.#retry.length;
    if (this.#retry.length > 0 || this.#queue.length > 0) this.#schedule();
    this.#wakeIdle();
  }

  #writeRestSync(): void {
    const counters = this.#o.counters;
    const lines = this.#retry;
    this.#retry = [];
    for (let record = this.#queue.shift(); record !== undefined; record = this.#queue.shift()) {
      const line = this.#o.formatter.line(record);
      if (line !== undefined) lines.push(line);
    }
    counters.queued = 0;
    while (lines.length > 0) {
      const sink = this.#chain.current;
      if (sink?.writeSync === undefined) {
        counters.dropped += lines.length;
        return;
      }
      try {
        sink.writeSync(lines.join(''));
        counters.written += lines.length;
        return;
      } catch (error) {
        counters.sinkError(error);
        this.#chain.fallFrom(sink);
      }
    }
  }

  #wakeIdle(): void {
    if (!this.#isIdle() || this.#idleWaiters.length === 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
