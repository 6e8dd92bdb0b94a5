import type { AlertBot } from '@ballast/alert-bot';
import type { Runtime } from '@ballast/core';
import type { RetryAttemptEvent } from '@ballast/resilience';
import { callStatistics } from '@ballast/safe-log';
import type { ChaosServer } from '@ballast/testing';
import { emptyColumn, type TallyColumn, tallyRuntime } from './demoTally.js';
import { INVENTORY_POLICY } from './InventoryClient.js';
import type { ReceiverLog } from './ReceiverLog.js';

/** The columns of the progress line and the summary. */
export const DEMO_COLUMNS = ['storefront', 'alert bot', 'notes'] as const;
/** One of {@link DEMO_COLUMNS}. */
export type DemoColumn = (typeof DEMO_COLUMNS)[number];

/** Everything the demo reports at one moment. */
export interface DemoSnapshot {
  readonly columns: Readonly<Record<DemoColumn, TallyColumn>>;
  readonly total: TallyColumn;
  readonly alerts: {
    readonly accepted: number;
    readonly delivered: number;
    readonly deadLettered: number;
  };
}

/** What the observer reads. */
export interface ObservedParts {
  /** The alert bot's runtime, which the storefront's container shares. */
  readonly botRuntime: Runtime;
  readonly notesRuntime: Runtime;
  readonly bot: AlertBot;
  readonly chaos: ChaosServer;
  readonly receivers: ReceiverLog;
}

/** The storefront's woven class and policies; everything else in the bot's runtime is the bot's. */
const storefrontOrBot = (name: string): DemoColumn =>
  name === 'InventoryClient' || name === INVENTORY_POLICY ? 'storefront' : 'alert bot';

/**
 * Reads the counts of the running demo from the runtimes: their statistics (calls, breaker
 * transitions, fallbacks, timeouts), `retry.attempt` events, the alert bot's outbox (delivered,
 * dead letters) and intake, and the receivers on the chaos upstream (the bot's redeliveries).
 */
export class DemoObserver {
  readonly #parts: ObservedParts;
  readonly #retries: Record<DemoColumn, number> = { storefront: 0, 'alert bot': 0, notes: 0 };
  readonly #unsubscribe: (() => void)[];
  #last: DemoSnapshot | undefined;

  constructor(parts: ObservedParts) {
    this.#parts = parts;
    this.#unsubscribe = [
      parts.botRuntime.events.on('retry.attempt', (event: RetryAttemptEvent) => {
        this.#retries[storefrontOrBot(event.policy)]++;
      }),
      parts.notesRuntime.events.on('retry.attempt', () => {
        this.#retries.notes++;
      }),
    ];
  }

  /** Reads every count now (the runtimes must still be alive). */
  snapshot(): DemoSnapshot {
    const { botRuntime, notesRuntime, bot, chaos, receivers } = this.#parts;
    receivers.drain(chaos);
    const columns = new Map<string, TallyColumn>(DEMO_COLUMNS.map((name) => [name, emptyColumn()]));
    tallyRuntime(botRuntime, storefrontOrBot, columns);
    tallyRuntime(notesRuntime, () => 'notes', columns);
    const byName = Object.fromEntries(columns) as Record<DemoColumn, TallyColumn>;
    for (const name of DEMO_COLUMNS) byName[name].retries = this.#retries[name];
    byName['alert bot'].retries += receivers.redeliveries;
    const total = emptyColumn();
    for (const column of Object.values(byName)) {
      for (const key of Object.keys(total) as (keyof TallyColumn)[]) total[key] += column[key];
    }
    const intake = callStatistics(botRuntime).find(
      (method) => method.service === 'AlertIntake' && method.method === 'accept',
    );
    const status = bot.status();
    this.#last = {
      columns: byName,
      total,
      alerts: {
        accepted: intake?.calls.success ?? 0,
        delivered: status.delivered,
        deadLettered: status.dead,
      },
    };
    return this.#last;
  }

  /** The last snapshot taken, for the summary after the runtimes are gone. */
  get last(): DemoSnapshot | undefined {
    return this.#last;
  }

  /** Stops listening to the runtimes. */
  close(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }
}
