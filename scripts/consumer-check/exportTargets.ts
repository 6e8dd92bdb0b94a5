import type { PackageManifest } from './workspacePackages.js';

/** One file an `exports` map points at. */
export interface ExportTarget {
  /** The subpath (`.`, `./sqlite`). */
  readonly subpath: string;
  /** Conditions leading to it, outermost first (`['types']`). */
  readonly conditions: readonly string[];
  /** Path inside the package (`./dist/src/index.js`). */
  readonly target: string;
}

function collect(
  value: unknown,
  subpath: string,
  conditions: string[],
  into: ExportTarget[],
): void {
  if (typeof value === 'string') {
    into.push({ subpath, conditions, target: value });
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, subpath, conditions, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value))
      collect(inner, subpath, [...conditions, key], into);
  }
}

/** Every target of the `exports` map, under every condition. */
export function exportTargets(manifest: PackageManifest): ExportTarget[] {
  const exportsField = manifest.exports;
  const targets: ExportTarget[] = [];
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) {
    collect(exportsField, '.', [], targets);
  } else if (typeof exportsField === 'object' && exportsField !== null) {
    const entries = Object.entries(exportsField);
    const bySubpath = entries.every(([key]) => key.startsWith('.'));
    if (bySubpath) for (const [subpath, value] of entries) collect(value, subpath, [], targets);
    else collect(exportsField, '.', [], targets);
  }
  return targets;
}

/**
 * The import specifiers of a package's code entry points: each subpath whose export has a
 * `types` condition (`@ballast/flags`, `@ballast/flags/sqlite`; not a JSON schema).
 */
export function typedEntryPoints(manifest: PackageManifest): string[] {
  const subpaths = new Set(
    exportTargets(manifest)
      .filter((target) => target.conditions.includes('types'))
      .map((target) => target.subpath),
  );
  return [...subpaths].map((subpath) =>
    subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
  );
}
