import { typedEntryPoints } from './exportTargets.js';
import { optionalPeers, type WorkspacePackage } from './workspacePackages.js';

/**
 * Packages whose main entry needs one of their optional peers: the peer is optional only for
 * their other entries. `@ballast/metrics`' main entry is the prom-client exporter; its
 * `./catalogue`, which `@ballast/opentelemetry` reads the statistics with, is not.
 */
export const MAIN_ENTRY_NEEDS_OPTIONAL_PEER: ReadonlySet<string> = new Set(['@ballast/metrics']);

/** One entry point imported with the optional peers hidden, and the package it belongs to. */
export interface BareEntry {
  /** Import specifier (`@ballast/flags`, `@ballast/metrics/catalogue`). */
  readonly entry: string;
  readonly packageName: string;
}

/**
 * What the consumer check imports with the optional peers hidden: the main entry of every
 * package with optional peers; for a package whose main entry needs one, its other entries
 * instead, and the main entries of the packages depending on it without declaring that peer.
 */
export function bareEntries(
  packages: readonly WorkspacePackage[],
  mainNeedsPeer: ReadonlySet<string> = MAIN_ENTRY_NEEDS_OPTIONAL_PEER,
): BareEntry[] {
  const entries: BareEntry[] = [];
  for (const { manifest } of packages) {
    const peers = optionalPeers(manifest);
    if (peers.length === 0) continue;
    const packageName = manifest.name;
    if (!mainNeedsPeer.has(packageName)) {
      entries.push({ entry: packageName, packageName });
      continue;
    }
    for (const entry of typedEntryPoints(manifest))
      if (entry !== packageName) entries.push({ entry, packageName });
    for (const dependent of packages) {
      const declared = Object.keys(dependent.manifest.peerDependencies ?? {});
      if (
        dependent.manifest.dependencies?.[packageName] !== undefined &&
        !peers.some((peer) => declared.includes(peer))
      )
        entries.push({ entry: dependent.manifest.name, packageName: dependent.manifest.name });
    }
  }
  return entries;
}
