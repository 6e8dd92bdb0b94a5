import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { execOrThrow } from './exec.js';
import { exportTargets } from './exportTargets.js';
import type { PackageManifest } from './workspacePackages.js';

/** Paths of tests, fixtures, mocks and build caches, which never belong in a tarball. */
const NOT_SHIPPED = [
  /(^|\/)(test|tests|__tests__|__mocks__|fixtures?)\//,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
  /\.(test|spec)\.d\.[cm]?ts$/,
  /\.(test|spec)\.([cm]?js|d\.[cm]?ts)\.map$/,
  /\.tsbuildinfo$/,
];
const TEST_IMPORT = /['"](@jest\/globals|jest|vitest|node:test)['"]/;

function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? listFiles(root, path) : [path];
  });
}

function withoutDotSlash(path: string): string {
  return posix.normalize(path.replace(/^\.\//, ''));
}

function mapProblems(files: ReadonlySet<string>, root: string, map: string): string[] {
  let parsed: { sources?: unknown; sourceRoot?: unknown };
  try {
    parsed = JSON.parse(readFileSync(join(root, map), 'utf8')) as typeof parsed;
  } catch {
    return [`${map} is not a readable source map`];
  }
  const sources = Array.isArray(parsed.sources) ? (parsed.sources as unknown[]) : [];
  const sourceRoot = typeof parsed.sourceRoot === 'string' ? parsed.sourceRoot : '';
  return sources
    .filter((source): source is string => typeof source === 'string')
    .map((source) => posix.normalize(posix.join(posix.dirname(map), sourceRoot, source)))
    .filter((resolved) => !files.has(resolved))
    .map((resolved) => `${map} points at ${resolved}, which the tarball lacks`);
}

/**
 * Checks what a tarball really contains: a LICENSE equal to the repository's, no tests, fixtures,
 * test imports or build caches, every `exports`/`bin`/`main`/`types` target present, and every
 * source map's sources present. Returns the problems found (none: the tarball is fine).
 */
export async function checkTarball(tarball: string, license: string): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), 'ballast-tarball-'));
  try {
    await execOrThrow('tar', ['-xzf', tarball, '-C', work], { cwd: work });
    const root = join(work, 'package');
    const files = new Set(listFiles(root));
    const manifest = JSON.parse(
      readFileSync(join(root, 'package.json'), 'utf8'),
    ) as PackageManifest;
    const problems: string[] = [];

    if (!files.has('LICENSE')) problems.push('no LICENSE file');
    else if (readFileSync(join(root, 'LICENSE'), 'utf8') !== license)
      problems.push('LICENSE differs from the repository LICENSE');

    for (const file of files) {
      if (NOT_SHIPPED.some((pattern) => pattern.test(file)))
        problems.push(`ships ${file} (tests, fixtures and build caches stay out)`);
      else if (
        /\.([cm]?js|d\.[cm]?ts)$/.test(file) &&
        TEST_IMPORT.test(readFileSync(join(root, file), 'utf8'))
      )
        problems.push(`ships ${file}, which imports a test framework`);
      if (file.endsWith('.map')) problems.push(...mapProblems(files, root, file));
    }

    const targets = [
      ...exportTargets(manifest).map((t) => ({
        what: `exports["${t.subpath}"]${t.conditions.map((c) => `.${c}`).join('')}`,
        path: t.target,
      })),
      ...Object.entries(
        typeof manifest.bin === 'string' ? { bin: manifest.bin } : (manifest.bin ?? {}),
      ).map(([name, path]) => ({ what: `bin.${name}`, path })),
      ...(manifest.main === undefined ? [] : [{ what: 'main', path: manifest.main }]),
      ...(manifest.types === undefined ? [] : [{ what: 'types', path: manifest.types }]),
    ];
    if (targets.length === 0) problems.push('no exports map');
    for (const { what, path } of targets) {
      if (path.includes('*')) problems.push(`${what} uses a pattern (${path}); name each file`);
      else if (!files.has(withoutDotSlash(path)))
        problems.push(`${what} names ${path}, which the tarball lacks`);
    }
    return problems.map((problem) => `${manifest.name}: ${problem}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
