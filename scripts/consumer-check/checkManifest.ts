import { exportTargets } from './exportTargets.js';
import type { PackageManifest, WorkspacePackage } from './workspacePackages.js';

/**
 * What a TypeScript project compiled as CommonJS with the classic resolution (`module:
 * commonjs`, which ignores `exports`) reads instead: `main` and `types` for the main entry, and
 * `typesVersions` for each typed subpath.
 */
function classicResolutionProblems(manifest: PackageManifest): string[] {
  const targets = exportTargets(manifest).filter((target) => target.conditions.length > 0);
  const find = (subpath: string, condition: string): string | undefined =>
    targets.find((target) => target.subpath === subpath && target.conditions.at(-1) === condition)
      ?.target;
  const problems: string[] = [];
  const main = find('.', 'default');
  const types = find('.', 'types');
  if (main !== undefined && manifest.main !== main) problems.push(`main must be ${main}`);
  if (types !== undefined && manifest.types !== types) problems.push(`types must be ${types}`);
  const subpaths = [...new Set(targets.map((target) => target.subpath))].filter((s) => s !== '.');
  for (const subpath of subpaths) {
    const declaration = find(subpath, 'types');
    if (declaration === undefined) continue;
    const mapped = manifest.typesVersions?.['*']?.[subpath.slice(2)];
    if (mapped?.length !== 1 || mapped[0] !== declaration)
      problems.push(`typesVersions["*"]["${subpath.slice(2)}"] must be ["${declaration}"]`);
  }
  return problems;
}

/**
 * Checks the package.json conventions of docs/architecture.md ("Packaging") that a tarball's
 * file list cannot show: license, repository, keywords, sideEffects, ESM, engines, the entry
 * points for CommonJS projects' classic resolution, and every peer also a devDependency (so the
 * monorepo's own tests install it).
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
  problems.push(...classicResolutionProblems(manifest));
  for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
    if (manifest.devDependencies?.[peer] === undefined)
      problems.push(`peer ${peer} is not also a devDependency`);
    if (manifest.dependencies?.[peer] !== undefined)
      problems.push(`${peer} is both a dependency and a peer`);
  }
  return problems.map((problem) => `${manifest.name}: ${problem}`);
}
