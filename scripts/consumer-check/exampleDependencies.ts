import type { Example } from './readmeExamples.js';
import type { PackageManifest, WorkspacePackage } from './workspacePackages.js';

const IMPORT = /(?:^|\n)\s*import\s+(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;

/** The package a module specifier names (`@scope/name/sub` → `@scope/name`), or undefined for Node built-ins and relative paths. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** What {@link exampleDependencies} found. */
export interface ExampleDependencies {
  /** Libraries to install into the consumer project, with their ranges. */
  readonly ranges: Readonly<Record<string, string>>;
  readonly problems: readonly string[];
}

/**
 * Libraries the examples import that the consumer project would not otherwise have: neither a
 * published package, nor a peer, nor a Node built-in — the SDK a user brings to a package that
 * depends on an API only (`@opentelemetry/sdk-trace-base` for `@ballast/opentelemetry`). Each
 * is installed at the range its package's devDependencies (the root's, for the root README and
 * the guide) test; an import that no manifest lists is a problem.
 */
export function exampleDependencies(
  examples: readonly Example[],
  packages: readonly WorkspacePackage[],
  rootManifest: PackageManifest,
  peers: Readonly<Record<string, string>>,
): ExampleDependencies {
  const published = new Set(packages.map((pkg) => pkg.manifest.name));
  const ranges: Record<string, string> = {};
  const problems: string[] = [];
  for (const example of examples) {
    const owner = packages.find((pkg) => example.markdown === `${pkg.directory}/README.md`);
    const devDependencies = (owner?.manifest ?? rootManifest).devDependencies ?? {};
    for (const [, specifier] of example.source.matchAll(IMPORT)) {
      const name = packageOf(specifier!);
      if (name === undefined || published.has(name) || peers[name] !== undefined) continue;
      const range = devDependencies[name];
      if (range === undefined)
        problems.push(
          `${example.markdown}: its example imports ${name}, which is neither a peer nor a devDependency`,
        );
      else ranges[name] ??= range;
    }
  }
  return { ranges, problems };
}
