import { BallastError } from '@ballast/core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { demoPhases } from './demoPhases.js';
import { DEMO_USAGE, parseDemoArgs } from './parseDemoArgs.js';
import { ProgressReporter } from './ProgressReporter.js';
import { startDemo } from './startDemo.js';
import { summaryTable } from './summaryTable.js';

/** Without --duration the outage story repeats every minute. */
const ENDLESS_CYCLE_MS = 40_000;
/** A shutdown that takes longer than this has a leak: say so and leave anyway. */
const EXIT_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const args = parseDemoArgs(process.argv.slice(2));
  if (args.help) {
    console.log(DEMO_USAGE);
    return;
  }
  const dataDir =
    args.dataDir === undefined
      ? mkdtempSync(join(tmpdir(), 'ballast-demo-'))
      : resolve(args.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const cycleMs = args.duration === undefined ? ENDLESS_CYCLE_MS : args.duration * 1_000;
  const demo = await startDemo({
    dataDir,
    cycleMs,
    adminPort: args.adminPort,
    ...(args.traces === undefined ? {} : { traces: resolve(args.traces) }),
  });
  const phases = demoPhases(cycleMs).map(
    (phase) => `${phase.name} at ${(phase.startMs / 1_000).toFixed(0)} s`,
  );
  console.log(`ballast demo — dashboard: ${demo.dashboardUrl}`);
  console.log(`upstream phases every ${cycleMs / 1_000} s: ${phases.join(', ')}`);
  console.log(
    args.duration === undefined
      ? 'Ctrl-C ends the demo.'
      : `ends by itself after ${args.duration} s (Ctrl-C ends it earlier).`,
  );
  const reporter = new ProgressReporter(process.stdout, demo.driver, demo.observer);
  reporter.start();

  let ending = false;
  const end = async (): Promise<void> => {
    if (ending) return;
    ending = true;
    clearTimeout(deadline);
    const seconds = demo.driver.elapsedSeconds;
    reporter.stop();
    await demo.stop();
    const snapshot = demo.observer.last;
    if (snapshot !== undefined) console.log(`\n${summaryTable(seconds, snapshot)}`);
    if (args.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    setTimeout(() => {
      console.error('ballast demo: something still holds the event loop; exiting anyway.');
      process.exit(1);
    }, EXIT_GRACE_MS).unref();
  };
  const onSignal = (): void => void end().catch(fail);
  const deadline =
    args.duration === undefined ? undefined : setTimeout(onSignal, args.duration * 1_000);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function fail(error: unknown): void {
  // The brand check, not instanceof: it holds across duplicate copies of @ballast/core.
  const coded = BallastError.is(error);
  console.error(
    `ballast demo: ${coded ? error.message : String((error as Error)?.stack ?? error)}`,
  );
  process.exitCode = coded && error.code === 'BALLAST_ERR_CONFIG' ? 2 : 1;
}

main().catch(fail);
