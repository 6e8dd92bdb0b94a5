import { createHash } from 'node:crypto';
import type { AlertRecord } from '../alerts/AlertRecord.js';
import type { GroupingConfig } from '../config/AlertBotConfig.js';

/** Which group an alert joins on one channel, and the labels that group shows. */
export interface GroupIdentity {
  /** Hash of the source and the grouped values: the group's key in the outbox. */
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
}

function digest(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

function sortedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * One alert's identity: its source, title and labels. Repeats of the same alert share it; a
 * `resolved` alert ends the `firing` alert with the same identity.
 */
export function alertFingerprint(alert: AlertRecord): string {
  return digest([alert.source, alert.title, sortedLabels(alert.labels)]);
}

/**
 * The group `alert` joins: the source and, with `groupBy: '...'`, its title and every label
 * (repeats of one alert form a group, as Alertmanager's `group_by: ['...']` with the title as
 * `alertname`); with a list of label names, the values of those labels (a missing one counts
 * as empty), so alerts differing elsewhere share a group.
 */
export function groupIdentity(
  alert: AlertRecord,
  groupBy: GroupingConfig['groupBy'],
): GroupIdentity {
  if (groupBy === '...')
    return { key: alertFingerprint(alert), labels: sortedLabels(alert.labels) };
  // Own labels only: a label named `constructor` or `toString` that an alert lacks must read
  // as missing, not as Object.prototype's function.
  const valueOf = (name: string) =>
    Object.hasOwn(alert.labels, name) ? alert.labels[name] : undefined;
  const labels: Record<string, string> = {};
  for (const name of groupBy) {
    const value = valueOf(name);
    if (value !== undefined) labels[name] = value;
  }
  return {
    key: digest([alert.source, groupBy, groupBy.map((name) => valueOf(name) ?? null)]),
    labels,
  };
}
