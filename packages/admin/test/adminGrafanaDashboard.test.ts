import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { BALLAST_METRICS } from '@ballast/metrics';

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
}

const dashboard = JSON.parse(
  readFileSync(new URL('../../../docs/grafana-dashboard.json', import.meta.url), 'utf8'),
) as { readonly panels: readonly Panel[]; readonly uid: string };

const CLUSTER_METRICS = [
  'ballast_cluster_workers',
  'ballast_cluster_worker_restarts_total',
  'ballast_cluster_reloads_total',
  'ballast_cluster_reload_failures_total',
];

function queriedFamilies(): Set<string> {
  const families = new Set<string>();
  for (const panel of dashboard.panels) {
    for (const { expr } of panel.targets ?? []) {
      for (const [name] of expr.matchAll(/ballast_[a-z_]+/g)) {
        families.add(name.replace(/_(bucket|sum|count)$/, ''));
      }
    }
  }
  return families;
}

describe('docs/grafana-dashboard.json', () => {
  it('queries only metrics that @ballast/metrics and the cluster primary export', () => {
    const known = new Set([...BALLAST_METRICS.map((family) => family.name), ...CLUSTER_METRICS]);
    expect([...queriedFamilies()].filter((name) => !known.has(name))).toEqual([]);
  });

  it('charts every ballast metric family except the per-state key counts', () => {
    const queried = queriedFamilies();
    const missing = BALLAST_METRICS.map((family) => family.name).filter(
      (name) => !queried.has(name) && name !== 'ballast_circuitbreaker_keys',
    );
    expect(missing).toEqual([]);
  });

  it('has the p50, p95 and p99 latency panels over the duration histogram', () => {
    const latency = dashboard.panels.filter((panel) => panel.title.startsWith('Latency p'));
    expect(latency.map((panel) => panel.targets![0]!.expr.slice(0, 22))).toEqual([
      'histogram_quantile(0.5',
      'histogram_quantile(0.9',
      'histogram_quantile(0.9',
    ]);
    for (const panel of latency)
      expect(panel.targets![0]!.expr).toContain('ballast_call_duration_seconds_bucket');
  });
});
