import {
  breakerOpenFor,
  createRunbookEngine,
  flagAction,
  flagSwitchOf,
  type RunbookDefinition,
  type RunbookEngine,
  webhookAction,
} from '@ballast/admin';
import type { Runtime } from '@ballast/core';
import type { SqliteFlagSource } from '@ballast/flags/sqlite';
import { breakerRegistry } from '@ballast/resilience';
import { join } from 'node:path';
import { INVENTORY_POLICY } from './InventoryClient.js';
import { STOCK_CHECK_FLAG } from './Storefront.js';
import { UPSTREAM_PATHS } from './upstreamFaults.js';

/** What the demo's runbooks act on. */
export interface DemoRunbookParts {
  /** The runtime the storefront's breaker lives in (the alert bot's). */
  readonly runtime: Runtime;
  readonly dataDir: string;
  /** The audited flag source the dashboard's toggles write to. */
  readonly flagSource: SqliteFlagSource;
  readonly upstreamUrl: string;
  /** A self-recovery runbook fires at most once per this many seconds (once per outage cycle). */
  readonly coolDownSeconds: number;
}

function definitions(parts: DemoRunbookParts): RunbookDefinition[] {
  const page = {
    data: {
      title: 'inventory outage: runbook paged the on-call',
      severity: 'critical',
      message: `The ${INVENTORY_POLICY} breaker has stayed open; orders run on cached stock.`,
      source: 'runbook',
    },
  };
  return [
    {
      id: 'inventory-outage',
      name: 'Page the on-call when the inventory breaker stays open',
      scene: 'SELF_RECOVERY',
      trigger: {
        condition: 'breaker.openFor',
        params: { breaker: INVENTORY_POLICY, seconds: 2 },
        coolDownSeconds: parts.coolDownSeconds,
      },
      steps: [
        {
          action: 'webhook.call',
          title: 'page via the backup receiver',
          params: { url: `${parts.upstreamUrl}${UPSTREAM_PATHS.backupHook}`, body: page },
          timeoutSeconds: 5,
        },
      ],
    },
    {
      id: 'stop-stock-checks',
      name: 'Stop stock checks (orders skip the inventory API)',
      scene: 'EMERGENCY',
      steps: [
        {
          action: 'flag.set',
          title: 'switch stock checks off',
          params: { key: STOCK_CHECK_FLAG, enabled: false },
          preConfirm: true,
        },
      ],
    },
    {
      id: 'resume-stock-checks',
      name: 'Resume stock checks',
      scene: 'RECOVERY',
      steps: [
        {
          action: 'flag.set',
          title: 'switch stock checks on',
          params: { key: STOCK_CHECK_FLAG, enabled: true },
        },
      ],
    },
  ];
}

/**
 * The demo's runbook engine (SQLite under the data dir): a self-recovery runbook that pages the
 * on-call once the storefront's inventory breaker has been open for 2 s, an emergency runbook
 * that switches stock checks off after a confirmation, and the recovery runbook switching them
 * back on. Runbooks kept from an earlier run in the same data dir are updated in place.
 */
export function openDemoRunbooks(parts: DemoRunbookParts): RunbookEngine {
  const engine = createRunbookEngine({
    runtime: parts.runtime,
    store: join(parts.dataDir, 'runbooks.db'),
    actions: [
      flagAction(flagSwitchOf(parts.flagSource)),
      webhookAction({ allowedOrigins: [parts.upstreamUrl], timeoutMs: 3_000 }),
    ],
    conditions: [breakerOpenFor(breakerRegistry(parts.runtime), parts.runtime)],
  });
  try {
    const existing = new Set(engine.listRunbooks().map((runbook) => runbook.id));
    for (const definition of definitions(parts)) {
      if (existing.has(definition.id!)) engine.updateRunbook(definition.id!, definition);
      else engine.createRunbook(definition);
    }
    return engine;
  } catch (error) {
    engine.close();
    throw error;
  }
}
