import type { PackageManifest, WorkspacePackage } from './workspacePackages.js';

/**
 * Checks the package.json conventions of docs/architecture.md ("Packaging") that a tarball's
 * file list cannot show: license, repository, keywords, sideEffects, ESM, engines, and every
 * peer also a devDependency (so the monorepo's own tests install it).
 */
export function checkManifest(
  pkg: WorkspacePackage,
  rootManifest: PackageManifest & { engines?: { node?: string } },
): string[] {
  const manifest = pkg.manifest as PackageManifest & { engines?: { node?: string } };
  const problems: string[] = [];
  if (manifest.license !== rootManifest.license)
    problems.push(
      `license is ${String(manifest.license)}, the repository's is ${String(rootManifest.license)}`,
    );
  if (
    manifest.repository?.url !== rootManifest.repository?.url ||
    manifest.repository?.directory !== pkg.directory
  )
    problems.push(
      `repository must be { url: ${String(rootManifest.repository?.url)}, directory: ${pkg.directory} }`,
    );
  if (manifest.keywords === undefined || manifest.keywords.length === 0)
    problems.push('no keywords');
  if (manifest.sideEffects === undefined)
    problems.push('sideEffects is not declared (false, or the files that have them)');
  if (manifest.type !== 'module') problems.push('type must be "module"');
  if (manifest.engines?.node !== rootManifest.engines?.node)
    problems.push(`engines.node must be ${String(rootManifest.engines?.node)}`);
  if (manifest.files === undefined) problems.push('no files list');
  for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
    if (manifest.devDependencies?.[peer] === undefined)
      problems.push(`peer ${peer} is not also a devDependency`);
    if (manifest.dependencies?.[peer] !== undefined)
      problems.push(`${peer} is both a dependency and a peer`);
  }
  return problems.map((problem) => `${manifest.name}: ${problem}`);
}
