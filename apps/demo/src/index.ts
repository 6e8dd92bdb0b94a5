export { demoAlertBotConfig, type DemoAlertTargets } from './demoAlertBotConfig.js';
export {
  DEMO_COLUMNS,
  type DemoColumn,
  DemoObserver,
  type DemoSnapshot,
  type ObservedParts,
} from './DemoObserver.js';
export { type DemoPhase, demoPhases, phaseAt, type UpstreamMode } from './demoPhases.js';
export { type DemoRunbookParts, openDemoRunbooks } from './demoRunbooks.js';
export { type ColumnOf, emptyColumn, type TallyColumn, tallyRuntime } from './demoTally.js';
export { DemoTraces } from './DemoTraces.js';
export { DEMO_TOKENS } from './demoTokens.js';
export { InventoryAlerts } from './InventoryAlerts.js';
export { INVENTORY_POLICY, InventoryClient, type StockLevel } from './InventoryClient.js';
export { type DemoArgs, DEMO_USAGE, MIN_DURATION_SECONDS, parseDemoArgs } from './parseDemoArgs.js';
export { PhaseDriver } from './PhaseDriver.js';
export { progressLine } from './progressLine.js';
export { type ProgressOutput, ProgressReporter } from './ProgressReporter.js';
export { ReceiverLog } from './ReceiverLog.js';
export { type DemoOptions, type RunningDemo, startDemo } from './startDemo.js';
export {
  STOCK_CHECK_DEFINITION,
  STOCK_CHECK_FLAG,
  Storefront,
  type StorefrontDeps,
} from './Storefront.js';
export { summaryTable } from './summaryTable.js';
export { type AnsweredListener, UPSTREAM_PATHS, upstreamFaults } from './upstreamFaults.js';
