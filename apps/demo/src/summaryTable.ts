import { DEMO_COLUMNS, type DemoSnapshot } from './DemoObserver.js';
import type { TallyColumn } from './demoTally.js';

const ROWS: readonly (readonly [string, keyof TallyColumn])[] = [
  ['calls', 'calls'],
  ['retries', 'retries'],
  ['breaker opened', 'breakerOpened'],
  ['breaker closed', 'breakerClosed'],
  ['fallbacks', 'fallbacks'],
  ['timeouts', 'timeouts'],
];

/**
 * The final summary: one row per count, one column per service and a total; then the alert
 * bot's alerts accepted, delivered and dead-lettered. Plain text, so it reads the same in a log.
 */
export function summaryTable(seconds: number, snapshot: DemoSnapshot): string {
  const headers = ['', ...DEMO_COLUMNS, 'total'];
  const rows: string[][] = ROWS.map(([label, key]) => [
    label,
    ...DEMO_COLUMNS.map((column) => String(snapshot.columns[column][key])),
    String(snapshot.total[key]),
  ]);
  const { accepted, delivered, deadLettered } = snapshot.alerts;
  rows.push(['alerts accepted', '', '', '', String(accepted)]);
  rows.push(['alerts delivered', '', '', '', String(delivered)]);
  rows.push(['alerts dead-lettered', '', '', '', String(deadLettered)]);
  const widths = headers.map((header, index) =>
    Math.max(header.length, ...rows.map((row) => row[index]!.length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) =>
        index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!),
      )
      .join('  ');
  return [
    `ballast demo summary after ${seconds.toFixed(0)} s`,
    line(headers),
    line(widths.map((width) => '─'.repeat(width))),
    ...rows.map(line),
  ].join('\n');
}
