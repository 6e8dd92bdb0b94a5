import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** The package.json fields the consumer check reads. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly keywords?: readonly string[];
  readonly repository?: {
    readonly type?: string;
    readonly url?: string;
    readonly directory?: string;
  };
  readonly sideEffects?: boolean | readonly string[];
  readonly type?: string;
  readonly exports?: unknown;
  readonly bin?: string | Readonly<Record<string, string>>;
  readonly main?: string;
  readonly types?: string;
  readonly typesVersions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly files?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

/** A publishable workspace package. */
export interface WorkspacePackage {
  /** Folder, relative to the repository root (`packages/core`). */
  readonly directory: string;
  readonly manifest: PackageManifest;
}

/** Reads a package.json. */
export function readManifest(directory: string): PackageManifest {
  return JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as PackageManifest;
}

/**
 * Every package under `packages/` that is not private, so a package added later is checked
 * without anyone listing it here.
 */
export function publishablePackages(root: string): WorkspacePackage[] {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')),
    )
    .map((entry) => ({
      directory: `packages/${entry.name}`,
      manifest: readManifest(join(root, 'packages', entry.name)),
    }))
    .filter((pkg) => pkg.manifest.private !== true)
    .sort((a, b) => a.directory.localeCompare(b.directory));
}

/** The names of the peers a package marks optional. */
export function optionalPeers(manifest: PackageManifest): string[] {
  return Object.keys(manifest.peerDependencies ?? {}).filter(
    (name) => manifest.peerDependenciesMeta?.[name]?.optional === true,
  );
}
