import 'reflect-metadata';
import { type AdminServer, startAdminServer } from '@ballast/admin';
import { createAlertBot } from '@ballast/alert-bot';
import { flagsOf } from '@ballast/flags';
import { SqliteFlagSource } from '@ballast/flags/sqlite';
import { createHttpClient } from '@ballast/http';
import { useBallast } from '@ballast/inversify';
import { createNotesApp } from '@ballast/notes';
import { startChaosServer } from '@ballast/testing';
import Database from 'better-sqlite3';
import { Container } from 'inversify';
import { join } from 'node:path';
import { demoAlertBotConfig } from './demoAlertBotConfig.js';
import { DemoTraces } from './DemoTraces.js';
import { DemoObserver } from './DemoObserver.js';
import type { UpstreamMode } from './demoPhases.js';
import { openDemoRunbooks } from './demoRunbooks.js';
import { DEMO_TOKENS } from './demoTokens.js';
import { InventoryAlerts } from './InventoryAlerts.js';
import { InventoryClient } from './InventoryClient.js';
import { PhaseDriver } from './PhaseDriver.js';
import { ReceiverLog } from './ReceiverLog.js';
import { STOCK_CHECK_DEFINITION, STOCK_CHECK_FLAG, Storefront } from './Storefront.js';
import { upstreamFaults } from './upstreamFaults.js';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Folder for the notes databases, the outbox and the logs (must exist). */
  readonly dataDir: string;
  /** Length of one healthy → down → slow → recovered cycle, ms. */
  readonly cycleMs: number;
  /** Port of the admin server and dashboard; 0 picks a free one. @default 0 */
  readonly adminPort?: number;
  /** Write the spans of the storefront's woven calls here (see {@link DemoTraces}). @default none */
  readonly traces?: string;
}

/** The running demo. */
export interface RunningDemo {
  /** Dashboard address with the one-time admin token. */
  readonly dashboardUrl: string;
  readonly admin: AdminServer;
  readonly driver: PhaseDriver;
  readonly observer: DemoObserver;
  readonly storefront: Storefront;
  /** Stops the traffic, takes a last snapshot, then closes every server and runtime (once). */
  stop(): Promise<void>;
}

const SHOPPERS = ['alice', 'bob', 'carol'];

/**
 * Starts the whole demo on 127.0.0.1: the chaos upstream (inventory API and alert receivers),
 * the notes service, the alert bot, the storefront's container — woven with the alert bot's
 * runtime, so one admin server shows the storefront's and the bot's breakers — the admin server
 * and dashboard, and the traffic with its phases. If a part fails to start, the parts already
 * started are closed before the error is rethrown.
 *
 * @example
 * ```ts
 * const demo = await startDemo({ dataDir: mkdtempSync(join(tmpdir(), 'demo-')), cycleMs: 20_000 });
 * console.log(demo.dashboardUrl);
 * await demo.stop();
 * ```
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const closers: (() => unknown)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const receivers = new ReceiverLog();
    const faultsFor = (mode: UpstreamMode) =>
      upstreamFaults(mode, (request) => receivers.answered(request));
    const chaos = await startChaosServer({ faults: faultsFor('healthy') });
    closers.push(() => chaos.close());
    const notes = createNotesApp({
      dataDir: join(options.dataDir, 'notes'),
      port: 0,
      durability: 'normal',
      logLevel: 'warn',
    });
    closers.push(() => notes.stop());
    await notes.start();
    const shopperKeys = new Map(SHOPPERS.map((user) => [user, notes.keys.add(user)]));

    const config = demoAlertBotConfig({
      dataDir: options.dataDir,
      upstreamUrl: chaos.url,
      notesUrl: notes.url,
    });
    const bot = await createAlertBot({ config });
    closers.push(() => bot.stop());
    const runtime = bot.runtime;
    if (options.traces !== undefined) {
      // Before the storefront's services are woven on the bot's runtime (the bot's own are not).
      const traces = new DemoTraces(options.traces);
      traces.instrument(runtime);
      closers.push(() => traces.stop());
    }
    // Dashboard toggles and runbook steps are persisted and audited here.
    const flagDb = new Database(join(options.dataDir, 'flags.db'));
    const flagSource = new SqliteFlagSource(flagsOf(runtime), flagDb);
    closers.push(() => {
      flagSource.close(); // stops its polling before the database it reads goes
      flagDb.close();
    });
    // Seeded into the source (not an embedded layer) so the runbooks' flag.set can switch it.
    if (flagSource.get(STOCK_CHECK_FLAG) === undefined) {
      flagSource.put(STOCK_CHECK_FLAG, STOCK_CHECK_DEFINITION, {
        actor: 'demo',
        comment: 'seeded at start',
        expectedVersion: 0,
      });
    }

    const upstreamHttp = createHttpClient({
      runtime,
      name: 'storefront.http',
      retry: false,
      circuitBreaker: false,
      attemptTimeoutMs: false,
      connectTimeoutMs: 1_000,
      headersTimeoutMs: 2_000,
      bodyTimeoutMs: 2_000,
      connectionsPerOrigin: 32,
    });
    closers.push(() => upstreamHttp.close());
    const container = new Container();
    // Unbinding this container would dispose the bot's runtime: it is left to the bot's stop().
    useBallast(container, { runtime });
    container.bind(DEMO_TOKENS.upstreamUrl).toConstantValue(chaos.url);
    container.bind(DEMO_TOKENS.upstreamHttp).toConstantValue(upstreamHttp);
    container.bind(InventoryClient).toSelf().inSingletonScope();
    const inventory = container.get(InventoryClient);

    const runbooks = openDemoRunbooks({
      runtime,
      dataDir: options.dataDir,
      flagSource,
      upstreamUrl: chaos.url,
      coolDownSeconds: Math.round(options.cycleMs / 1_000),
    });
    closers.push(() => runbooks.close());
    const admin = await startAdminServer(runtime, {
      port: options.adminPort ?? 0,
      flagSource,
      runbooks,
      alerts: receivers,
      stores: { notes: notes.data.stores },
    });
    closers.push(() => admin.close());
    const observer = new DemoObserver({
      botRuntime: runtime,
      notesRuntime: notes.runtime,
      bot,
      chaos,
      receivers,
    });
    closers.push(() => observer.close());
    const storefront = new Storefront({ runtime, inventory, notesUrl: notes.url, shopperKeys });
    const alerts = new InventoryAlerts(runtime, `${bot.url}/alerts`);
    const driver = new PhaseDriver(chaos, options.cycleMs, faultsFor);
    closers.push(async () => {
      driver.stop();
      await storefront.stop();
      await alerts.stop();
      observer.snapshot();
    });
    alerts.start();
    driver.start();
    storefront.start();

    let stopping: Promise<void> | undefined;
    return {
      dashboardUrl: admin.dashboardUrl,
      admin,
      driver,
      observer,
      storefront,
      stop: () => (stopping ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
