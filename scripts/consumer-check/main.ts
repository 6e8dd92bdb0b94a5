/**
 * The consumer check (`npm run check:consumer`): builds and packs every publishable package,
 * installs the tarballs into a fresh project outside the repository, and there compiles the
 * README examples that are complete programs with plain `tsc` (no skipLibCheck) in every
 * supported variant, runs them with plain `node` (those reading `REDIS_URL` against a real
 * redis-server), does the same for a CommonJS program that loads every entry point, and checks
 * every tarball's contents. Exits 1 listing every problem found.
 * `--keep` leaves the temporary project in place for a look.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkManifest } from './checkManifest.js';
import { checkTarball } from './checkTarball.js';
import { checkCommonJs, COMMONJS_MODULES } from './commonJsProgram.js';
import { compileExamples, VARIANTS, variantName } from './compileExamples.js';
import { createConsumerProject, removableModules, withoutModules } from './consumerProject.js';
import { exampleDependencies } from './exampleDependencies.js';
import { type ExampleRedis, startExampleRedis } from './exampleRedis.js';
import { execOrThrow } from './exec.js';
import { typedEntryPoints } from './exportTargets.js';
import { readExamples } from './readmeExamples.js';
import { runExample } from './runExample.js';
import { optionalPeers, publishablePackages, readManifest } from './workspacePackages.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const keep = process.argv.includes('--keep');
const started = Date.now();
const problems: string[] = [];
const temporary: string[] = [];
let redis: ExampleRedis | undefined;

function log(message: string): void {
  console.log(`[consumer ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

/** Runs `run` over `items`, `limit` at a time (two cores: two examples at once). */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

try {
  // From empty dist folders: neither tsc -b nor its --clean removes the output of a source file
  // that was deleted, and a stale file would be packed.
  for (const pkg of publishablePackages(root))
    rmSync(join(root, pkg.directory, 'dist'), { recursive: true, force: true });
  log('building the packages (npm run build)');
  await execOrThrow('npm', ['run', 'build'], { cwd: root });

  const packages = publishablePackages(root);
  const rootManifest = readManifest(root);
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  const peers: Record<string, string> = {};
  for (const pkg of packages) {
    problems.push(...checkManifest(pkg, rootManifest));
    for (const [name, range] of Object.entries(pkg.manifest.peerDependencies ?? {})) {
      if (peers[name] !== undefined && peers[name] !== range)
        problems.push(
          `${pkg.manifest.name}: peer ${name}@${range} disagrees with another package's ${peers[name]}`,
        );
      peers[name] ??= range;
    }
  }

  log(`packing ${packages.map((pkg) => pkg.manifest.name).join(', ')}`);
  const packDirectory = mkdtempSync(join(tmpdir(), 'ballast-tarballs-'));
  temporary.push(packDirectory);
  const tarballs: string[] = [];
  const sizes: string[] = [];
  for (const pkg of packages) {
    const { stdout } = await execOrThrow(
      'npm',
      ['pack', '--json', '--pack-destination', packDirectory],
      {
        cwd: join(root, pkg.directory),
      },
    );
    const [packed] = JSON.parse(stdout) as [
      { filename: string; entryCount: number; size: number; unpackedSize: number },
    ];
    const tarball = join(packDirectory, packed.filename);
    tarballs.push(tarball);
    sizes.push(
      `${pkg.manifest.name}: ${packed.entryCount} files, ${(packed.size / 1000).toFixed(1)} kB packed, ${(packed.unpackedSize / 1000).toFixed(1)} kB unpacked`,
    );
    problems.push(...(await checkTarball(tarball, license)));
  }

  const examples = readExamples(root, packages);
  const extras = exampleDependencies(examples, packages, rootManifest, peers);
  problems.push(...extras.problems);
  log('installing the tarballs into a fresh project (npm install)');
  const nodeTypes = (rootManifest.devDependencies ?? {})['@types/node'] ?? 'latest';
  const repoTypeScript = readManifest(join(root, 'node_modules', 'typescript')).version;
  const project = await createConsumerProject({
    tarballs,
    peers,
    exampleDependencies: extras.ranges,
    repoTypeScript,
    nodeTypes,
  });
  if (!keep) temporary.push(project.directory);
  log(
    `project ${project.directory}: TypeScript ${project.typescript.repo} (repo) and ${project.typescript.latest} (latest)`,
  );

  for (const example of examples)
    writeFileSync(join(project.directory, 'src', `${example.name}.ts`), `${example.source}\n`);
  const entryPoints = packages.flatMap((pkg) => typedEntryPoints(pkg.manifest));
  writeFileSync(
    join(project.directory, 'src', 'entries.ts'),
    `${entryPoints.map((entry, index) => `import * as entry${index} from '${entry}';`).join('\n')}\n` +
      `const empty = [${entryPoints.map((_, index) => `entry${index}`).join(', ')}].filter((entry) => Object.keys(entry).length === 0);\n` +
      `console.log(empty.length === 0 ? 'every entry point loads' : 'an entry point exports nothing');\n`,
  );
  const runs = [
    ...examples,
    {
      name: 'entries',
      where: 'package.json exports',
      expectedOutput: 'every entry point loads',
      legacyDecoratorsOnly: false,
      needsRedis: false,
    },
  ];
  if (runs.some((run) => run.needsRedis)) {
    redis = await startExampleRedis(log);
    if (redis.url !== undefined) process.env.REDIS_URL = redis.url;
    if (redis.problem !== undefined) problems.push(redis.problem);
  }

  for (const variant of VARIANTS) {
    const name = variantName(variant);
    const selected = runs.filter(
      (run) => variant.decorators === 'legacy' || !run.legacyDecoratorsOnly,
    );
    log(`${name}: compiling ${selected.map((run) => run.name).join(', ')}`);
    const compileProblems = await compileExamples(
      project,
      variant,
      selected.map((run) => `src/${run.name}.ts`),
    );
    problems.push(...compileProblems);
    if (compileProblems.length > 0) continue;
    await eachLimited(selected, 2, async (run) => {
      if (run.needsRedis && redis?.url === undefined) return; // compiled; no Redis to run it on
      problems.push(
        ...(await runExample(
          join('out', name, `${run.name}.js`),
          project.directory,
          run.expectedOutput,
          `${run.where} (${name})`,
        )),
      );
    });
  }

  log(`CommonJS project: module ${COMMONJS_MODULES.join(' and ')}, both compilers`);
  problems.push(...(await checkCommonJs(project, entryPoints)));

  const withOptionalPeers = packages.filter((pkg) => optionalPeers(pkg.manifest).length > 0);
  const bare = withOptionalPeers.map((pkg) => pkg.manifest.name);
  const hidden = removableModules(project, bare, [
    ...new Set(withOptionalPeers.flatMap((pkg) => optionalPeers(pkg.manifest))),
  ]);
  log(`main entries of ${bare.join(', ')} without ${hidden.join(', ')}`);
  await withoutModules(project, hidden, async () => {
    writeFileSync(
      join(project.directory, 'src', 'bare.ts'),
      `${bare.map((entry, index) => `import * as bare${index} from '${entry}';`).join('\n')}\n` +
        `console.log([${bare.map((_, index) => `bare${index}`).join(', ')}].every((entry) => Object.keys(entry).length > 0));\n`,
    );
    const variant = {
      compiler: 'repo',
      moduleResolution: 'nodenext',
      decorators: 'legacy',
    } as const;
    const compileProblems = await compileExamples(project, variant, ['src/bare.ts']);
    problems.push(...compileProblems.map((problem) => `without optional peers: ${problem}`));
    if (compileProblems.length === 0)
      problems.push(
        ...(await runExample(
          join('out', variantName(variant), 'bare.js'),
          project.directory,
          'true',
          'main entries without optional peers',
        )),
      );
  });

  log(
    `TypeScript ${project.typescript.repo} and ${project.typescript.latest}; ${VARIANTS.length} variants; ${runs.length} programs; a CommonJS program in ${COMMONJS_MODULES.length * 2} variants`,
  );
  for (const line of sizes) log(line);
} catch (error) {
  problems.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
} finally {
  await redis?.stop();
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(
    `\nconsumer check failed (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n`,
  );
  for (const problem of problems) console.error(`- ${problem}\n`);
  process.exitCode = 1;
} else {
  log('consumer check passed');
}
