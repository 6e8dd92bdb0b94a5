import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execOrThrow } from './exec.js';

/** The TypeScript compilers a consumer project carries, by role. */
export const COMPILERS = {
  /** The repository's own TypeScript version. */
  repo: 'typescript',
  /** The newest TypeScript the registry serves (`npm view typescript version`). */
  latest: 'typescript-latest',
} as const;
export type CompilerRole = keyof typeof COMPILERS;

/** A fresh npm project outside the repository with the packed tarballs installed. */
export interface ConsumerProject {
  readonly directory: string;
  /** Installed TypeScript version per role. */
  readonly typescript: Readonly<Record<CompilerRole, string>>;
  /** Path of `tsc` for a role. */
  tsc(role: CompilerRole): string;
}

/** What {@link createConsumerProject} installs besides the tarballs. */
export interface ConsumerDependencies {
  readonly tarballs: readonly string[];
  /** Every peer of every package, with its range (optional ones are not installed otherwise). */
  readonly peers: Readonly<Record<string, string>>;
  /** Libraries the README examples import besides those (an SDK the user brings), with ranges. */
  readonly exampleDependencies: Readonly<Record<string, string>>;
  /** Exact TypeScript version of the repository. */
  readonly repoTypeScript: string;
  /** `@types/node` range of the repository. */
  readonly nodeTypes: string;
}

function installedVersion(directory: string, name: string): string {
  return (
    JSON.parse(readFileSync(join(directory, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

/**
 * Creates a project in the system temp folder (never inside the repository, so nothing resolves
 * through workspace links) and installs, in one `npm install`, the tarballs, the peers, what
 * the examples import besides, the repository's TypeScript and the newest one.
 */
export async function createConsumerProject(
  dependencies: ConsumerDependencies,
): Promise<ConsumerProject> {
  const directory = mkdtempSync(join(tmpdir(), 'ballast-consumer-'));
  writeFileSync(
    join(directory, 'package.json'),
    `${JSON.stringify(
      {
        name: 'ballast-consumer',
        private: true,
        type: 'module',
        allowScripts: { 'better-sqlite3': true },
      },
      null,
      2,
    )}\n`,
  );
  mkdirSync(join(directory, 'src'));
  const specs = [
    ...dependencies.tarballs,
    ...Object.entries({ ...dependencies.peers, ...dependencies.exampleDependencies }).map(
      ([name, range]) => `${name}@${range}`,
    ),
    `typescript@${dependencies.repoTypeScript}`,
    `${COMPILERS.latest}@npm:typescript@latest`,
    `@types/node@${dependencies.nodeTypes}`,
  ];
  await execOrThrow('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], {
    cwd: directory,
    timeoutMs: 900_000,
  });
  return {
    directory,
    typescript: {
      repo: installedVersion(directory, COMPILERS.repo),
      latest: installedVersion(directory, COMPILERS.latest),
    },
    tsc: (role) => join(directory, 'node_modules', COMPILERS[role], 'bin', 'tsc'),
  };
}

/**
 * Runs `body` with `names` moved out of the project's node_modules, as if never installed, and
 * puts them back afterwards.
 */
export async function withoutModules<T>(
  project: ConsumerProject,
  names: readonly string[],
  body: () => Promise<T>,
): Promise<T> {
  const hidden = join(project.directory, 'hidden-modules');
  mkdirSync(hidden, { recursive: true });
  const moved: [string, string][] = [];
  try {
    for (const name of names) {
      const from = join(project.directory, 'node_modules', name);
      const to = join(hidden, name.replace('/', '__'));
      renameSync(from, to);
      moved.push([from, to]);
    }
    return await body();
  } finally {
    for (const [from, to] of moved.reverse()) renameSync(to, from);
  }
}

/**
 * Of `optional` (optional peers a user may leave out), the ones that what `entries` load does not
 * need: an optional peer of one package can be a required one further down (winston-transport is
 * optional for `@ballast/testing` and a dependency of winston, which `@ballast/safe-log` needs),
 * and hiding it would break that package instead of showing the optional one is optional.
 */
export function removableModules(
  project: ConsumerProject,
  entries: readonly string[],
  optional: readonly string[],
): string[] {
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    needed.add(name);
    const manifestPath = join(project.directory, 'node_modules', name, 'package.json');
    if (!existsSync(manifestPath)) return;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency);
    for (const peer of Object.keys(manifest.peerDependencies ?? {}))
      if (manifest.peerDependenciesMeta?.[peer]?.optional !== true) visit(peer);
  };
  for (const entry of entries) visit(entry);
  return optional.filter((name) => !needed.has(name));
}
