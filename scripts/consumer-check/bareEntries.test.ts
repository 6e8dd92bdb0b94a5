import { describe, expect, it } from '@jest/globals';
import { bareEntries } from './bareEntries.js';
import type { PackageManifest, WorkspacePackage } from './workspacePackages.js';

function pkg(manifest: Omit<PackageManifest, 'version'>): WorkspacePackage {
  return { directory: `packages/${manifest.name}`, manifest: { version: '0.1.0', ...manifest } };
}

const entry = (types: string): object => ({ types, default: types });

describe('bareEntries', () => {
  const packages = [
    pkg({
      name: '@x/flags',
      exports: { '.': entry('./index.d.ts'), './sqlite': entry('./sqlite.d.ts') },
      peerDependencies: { 'better-sqlite3': '^12' },
      peerDependenciesMeta: { 'better-sqlite3': { optional: true } },
    }),
    pkg({
      name: '@x/metrics',
      exports: { '.': entry('./index.d.ts'), './catalogue': entry('./catalogue.d.ts') },
      dependencies: { '@x/flags': '0.1.0' },
      peerDependencies: { 'prom-client': '^15' },
      peerDependenciesMeta: { 'prom-client': { optional: true } },
    }),
    pkg({ name: '@x/otel', dependencies: { '@x/metrics': '0.1.0' } }),
    pkg({
      name: '@x/admin',
      dependencies: { '@x/metrics': '0.1.0' },
      peerDependencies: { 'prom-client': '^15' },
    }),
    pkg({ name: '@x/plain' }),
  ];

  it('takes the main entry of each package with optional peers', () => {
    expect(bareEntries(packages, new Set()).map((e) => e.entry)).toEqual([
      '@x/flags',
      '@x/metrics',
    ]);
  });

  it('takes the other entries and the dependents without the peer when the main entry needs it', () => {
    expect(bareEntries(packages, new Set(['@x/metrics']))).toEqual([
      { entry: '@x/flags', packageName: '@x/flags' },
      { entry: '@x/metrics/catalogue', packageName: '@x/metrics' },
      { entry: '@x/otel', packageName: '@x/otel' },
    ]);
  });
});
