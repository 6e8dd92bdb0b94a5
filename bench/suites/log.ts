/**
 * SafeLog cost: an async method woven with @SafeLog writing one redacted JSON line per call to
 * a real file (winston backend, the default, and pino), vs the same method unwoven, plus a case
 * that keeps statistics only (successLevel 'off') to show the aspect without a line.
 *
 * Every case runs like a service: one event-loop turn after every 64 calls (as between
 * requests), which is when a logger formats and writes its batches. So the formatting and the
 * write calls are paid inside the measurement, on the same thread; only the disk's own latency
 * overlaps with the calls, as it does in a service. The logged cases also wait for their file
 * writes at the end of each round (nothing spills into the next case) and must drop nothing.
 *
 * Files go to the OS temp dir, or to $BENCH_LOG_DIR (e.g. /dev/shm to keep a shared disk's
 * latency out of it).
 *
 * A second scenario, not timed: a sink that cannot keep up (each write completes 2 ms later)
 * behind a 1,000-line queue. Its drops must be counted exactly: written + dropped = logged, and
 * the file holds exactly `written` lines.
 *
 * Last line: {"raw_ns":…,"safelog_ns":…,"safelog_pino_ns":…,"slow_sink_dropped":…,"slow_sink_exact":1,…}.
 */
import { createRuntime, weave } from '@ballast/core';
import {
  createSafeLogger,
  type LogSink,
  SafeLog,
  type SafeLogger,
  setSafeLogLogger,
} from '@ballast/safe-log';
import { pinoBackend } from '@ballast/safe-log/pino';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchCase, compare, report, round } from '../measure.js';
import { scrapeMilliseconds } from '../scrapeTime.js';

class Plain {
  async quote(sku: string, quantity: number): Promise<number> {
    return sku.length * quantity;
  }
}

class Logged {
  @SafeLog()
  async quote(sku: string, quantity: number): Promise<number> {
    return sku.length * quantity;
  }
}

class Counted {
  @SafeLog({ successLevel: 'off' })
  async quote(sku: string, quantity: number): Promise<number> {
    return sku.length * quantity;
  }
}

/** A disk that cannot keep up: each chunk is appended to a real file, the write completes `delayMs` later. */
class SlowFileSink implements LogSink {
  readonly name = 'slow-file';
  constructor(
    readonly path: string,
    readonly delayMs: number,
  ) {}
  open(): void {}
  write(chunk: string, done: (error?: Error | null) => void): void {
    appendFileSync(this.path, chunk);
    setTimeout(done, this.delayMs);
  }
  close(): void {}
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Calls per round; also compare()'s warm-up, so every round ends on a multiple of it. */
const ROUND = 5_000;

/** `call` as a service makes it: a turn of the event loop every 64 calls; a logger drained at the end of each round. */
function serving(call: () => Promise<unknown>, logger?: SafeLogger): BenchCase {
  let calls = 0;
  return async () => {
    await call();
    if (++calls % 64 === 0) await turn();
    if (logger !== undefined && calls % ROUND === 0) await logger.idle();
  };
}

const rotation = { maxSizeBytes: 256 * 1024 * 1024, maxFiles: 1 };

/** Logs `lines` calls through a sink that completes each write 2 ms late; reports the counts. */
async function slowSink(dir: string): Promise<Record<string, number>> {
  const runtime = createRuntime();
  const file = join(dir, 'slow.log');
  const logger = createSafeLogger({ sink: new SlowFileSink(file, 2), runtime, queueSize: 1_000 });
  setSafeLogLogger(runtime, logger);
  const logged = weave(new Logged(), runtime);
  const call = serving(() => logged.quote('sku-1', 2));
  const lines = 20_000;
  for (let i = 0; i < lines; i++) await call();
  await logger.flush(10_000);
  const stats = logger.statistics();
  const fileLines = readFileSync(file, 'utf8').split('\n').length - 1;
  runtime.dispose();
  const exact = stats.written + stats.dropped === lines && fileLines === stats.written;
  return {
    slow_sink_logged: lines,
    slow_sink_written: stats.written,
    slow_sink_dropped: stats.dropped,
    slow_sink_file_lines: fileLines,
    slow_sink_exact: exact ? 1 : 0,
  };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(process.env.BENCH_LOG_DIR ?? tmpdir(), 'bench-log-'));
  const runtime = createRuntime();
  const logger = createSafeLogger({ file: join(dir, 'winston.log'), runtime, rotation });
  const pinoLogger = createSafeLogger({
    name: 'pino',
    file: join(dir, 'pino.log'),
    runtime,
    rotation,
    backend: pinoBackend(),
  });
  setSafeLogLogger(runtime, logger);
  class PinoLogged {
    @SafeLog({ logger: pinoLogger })
    async quote(sku: string, quantity: number): Promise<number> {
      return sku.length * quantity;
    }
  }
  const plain = new Plain();
  const logged = weave(new Logged(), runtime);
  const pinoLogged = weave(new PinoLogged(), runtime);
  const counted = weave(new Counted(), runtime);
  const cases = {
    raw: serving(() => plain.quote('sku-1', 2)),
    safelog: serving(() => logged.quote('sku-1', 2), logger),
    safelog_pino: serving(() => pinoLogged.quote('sku-1', 2), pinoLogger),
    safelog_stats_only: serving(() => counted.quote('sku-1', 2)),
  };
  // compare()'s own warm-up (one round) leaves the first rounds of the logged cases still compiling.
  for (const call of Object.values(cases)) for (let i = 0; i < 4 * ROUND; i++) await call();
  const result = await compare(cases, { rounds: 21, iterations: ROUND });
  await Promise.all([logger.flush(10_000), pinoLogger.flush(10_000)]);
  const stats = logger.statistics();
  const pinoStats = pinoLogger.statistics();
  const fileBytes = statSync(join(dir, 'winston.log')).size;
  runtime.dispose();
  const slow = await slowSink(dir);
  rmSync(dir, { recursive: true, force: true });
  const raw = round(result.raw!);
  const safelog = round(result.safelog!);
  const safelogPino = round(result.safelog_pino!);
  const scrape = round(await scrapeMilliseconds(1_000), 3);
  report(
    'log: async method, @SafeLog writing to a real file (ns per call, median)',
    {
      raw_ns: raw,
      safelog_ns: safelog,
      safelog_pino_ns: safelogPino,
      safelog_over_raw_ns: round(safelog - raw),
      safelog_pino_over_raw_ns: round(safelogPino - raw),
      safelog_stats_only_ns: round(result.safelog_stats_only!),
      lines_written: stats.written + pinoStats.written,
      lines_dropped: stats.dropped + pinoStats.dropped,
      sink_errors: stats.sinkErrors + pinoStats.sinkErrors,
      last_file_bytes: fileBytes,
      ...slow,
      scrape_ms_1000_series: scrape,
    },
    {
      raw_ns: raw,
      safelog_ns: safelog,
      safelog_pino_ns: safelogPino,
      lines_dropped: stats.dropped + pinoStats.dropped,
      slow_sink_dropped: slow.slow_sink_dropped!,
      slow_sink_exact: slow.slow_sink_exact!,
      scrape_ms: scrape,
    },
  );
}
