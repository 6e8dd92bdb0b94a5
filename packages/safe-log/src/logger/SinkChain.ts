import type { LogSink } from '../sinks/LogSink.js';
import type { LogCounters, SinkState } from './LogStatistics.js';
import type { TimerSource, TimerTask } from './TimerSource.js';

/** Settings of a {@link SinkChain}. */
export interface SinkChainOptions {
  readonly primary: LogSink;
  readonly fallback: LogSink | undefined;
  readonly counters: LogCounters;
  readonly timers: TimerSource;
  readonly recheckMs: number;
}

/**
 * Which sink lines go to: the primary, else the fallback, else none. Failures move down the
 * chain (each move counted in `fallbacks`); while degraded a timer re-opens the primary every
 * `recheckMs` and returns to it once it works (counted in `recoveries`).
 */
export class SinkChain {
  readonly #o: SinkChainOptions;
  readonly #onChange: (sink: LogSink | undefined) => void;
  #current: LogSink | undefined;
  #recheckTimer: TimerTask | undefined;
  #closed = false;

  /** @param onChange - told each time the sink in use changes (undefined: none works). */
  constructor(options: SinkChainOptions, onChange: (sink: LogSink | undefined) => void) {
    this.#o = options;
    this.#onChange = onChange;
  }

  /** The sink in use, or undefined when none works. */
  get current(): LogSink | undefined {
    return this.#current;
  }

  /** Opens the primary sink, or falls back at once (pre-flight failure). */
  start(): void {
    try {
      this.#o.primary.open();
      this.#use(this.#o.primary, 'primary');
    } catch (error) {
      this.#o.counters.sinkError(error);
      this.fallFrom(this.#o.primary);
    }
  }

  /** `failed` just failed a write: close it and move down the chain. */
  fallFrom(failed: LogSink): void {
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

  /** Stops re-checking and closes both sinks. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#recheckTimer?.cancel();
    this.#o.primary.close();
    this.#o.fallback?.close();
  }

  #use(sink: LogSink | undefined, state: SinkState): void {
    this.#current = sink;
    this.#o.counters.sink = state;
    this.#onChange(sink);
  }

  #scheduleRecheck(): void {
    if (this.#recheckTimer !== undefined || this.#closed) return;
    this.#recheckTimer = this.#o.timers.schedule(this.#o.recheckMs, () => {
      this.#recheckTimer = undefined;
      this.#recheck();
    });
  }

  #recheck(): void {
    if (this.#closed || this.#current === this.#o.primary) return;
    try {
      this.#o.primary.open();
      this.#o.counters.recoveries++;
      this.#use(this.#o.primary, 'primary');
      return;
    } catch (error) {
      this.#o.counters.noteError(error);
    }
    if (this.#current === undefined && this.#o.fallback !== undefined) {
      try {
        this.#o.fallback.open();
        this.#use(this.#o.fallback, 'stderr');
      } catch {
        // Still nothing works: keep dropping until the next re-check.
      }
    }
    this.#scheduleRecheck();
  }
}
