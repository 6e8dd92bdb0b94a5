/**
 * SafeLog cost: an async method woven with @SafeLog writing one redacted JSON line per call to
 * a real file, vs the same method unwoven. The woven case waits for the file writes every 256
 * calls, so the I/O is paid inside the measurement and nothing is dropped. A third case keeps
 * statistics only (successLevel 'off') to show the aspect without I/O.
 * Last line: {"raw_ns":…,"safelog_ns":…}.
 */
import { createRuntime, weave } from '@ballast/core';
import { createSafeLogger, SafeLog, setSafeLogLogger } from '@ballast/safe-log';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, report, round } from '../measure.js';
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

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-log-'));
  const file = join(dir, 'app.log');
  const runtime = createRuntime();
  const logger = createSafeLogger({
    file,
    runtime,
    rotation: { maxSizeBytes: 256 * 1024 * 1024, maxFiles: 1 },
  });
  setSafeLogLogger(runtime, logger);
  const plain = new Plain();
  const logged = weave(new Logged(), runtime);
  const counted = weave(new Counted(), runtime);
  let calls = 0;
  const result = await compare(
    {
      raw: () => plain.quote('sku-1', 2),
      safelog: async () => {
        await logged.quote('sku-1', 2);
        if (++calls % 256 === 0) await logger.idle();
      },
      safelog_stats_only: () => counted.quote('sku-1', 2),
    },
    { rounds: 11, iterations: 10_000 },
  );
  await logger.flush(10_000);
  const stats = logger.statistics();
  const fileBytes = statSync(file).size;
  runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
  const raw = round(result.raw!);
  const safelog = round(result.safelog!);
  const scrape = round(await scrapeMilliseconds(1_000), 3);
  report(
    'log: async method, @SafeLog writing to a real file (ns per call, median)',
    {
      raw_ns: raw,
      safelog_ns: safelog,
      safelog_stats_only_ns: round(result.safelog_stats_only!),
      lines_written: stats.written,
      lines_dropped: stats.dropped,
      sink_errors: stats.sinkErrors,
      last_file_bytes: fileBytes,
      scrape_ms_1000_series: scrape,
    },
    { raw_ns: raw, safelog_ns: safelog, scrape_ms: scrape },
  );
}
