import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILERS, type CompilerRole, type ConsumerProject } from './consumerProject.js';
import { compileWith } from './compileExamples.js';
import { runExample } from './runExample.js';

/**
 * How a CommonJS project compiles: `commonjs` (TypeScript's classic resolution, which ignores
 * `exports` and reads `main`, `types` and `typesVersions`; NestJS's default) or `nodenext` in a
 * package without `"type": "module"`.
 */
export const COMMONJS_MODULES = ['commonjs', 'nodenext'] as const;
export type CommonJsModule = (typeof COMMONJS_MODULES)[number];

/** What the program prints when every entry point loads and a woven call works. */
export const COMMONJS_OUTPUT = 'every entry point loads; quote 42 after 2 attempts';

/**
 * A CommonJS program: loads every entry point through `require` (Node ≥ 20.19 loads the ESM
 * packages), then weaves a class with legacy decorators and decorator metadata, as a NestJS
 * service would, and calls it.
 */
export function commonJsProgram(entryPoints: readonly string[]): string {
  const imports = entryPoints.map((entry, index) => `import * as entry${index} from '${entry}';`);
  const names = entryPoints.map((_, index) => `entry${index}`).join(', ');
  return `import 'reflect-metadata';
${imports.join('\n')}
import { createRuntime, weave } from '@ballast/core';
import { Retry, Timeout } from '@ballast/resilience';

class Quotes {
  attempts = 0;

  @Retry({ maxAttempts: 2, backoff: () => 0 })
  @Timeout(1_000)
  async quote(): Promise<number> {
    this.attempts++;
    if (this.attempts === 1) throw new Error('flaky');
    return 42;
  }
}

async function main(): Promise<void> {
  const empty = [${names}].filter((entry) => Object.keys(entry).length === 0);
  const runtime = createRuntime();
  const quotes = weave(new Quotes(), runtime);
  const value = await quotes.quote();
  runtime.dispose();
  const loaded = empty.length === 0 ? 'every entry point loads' : 'an entry point exports nothing';
  console.log(\`\${loaded}; quote \${value} after \${quotes.attempts} attempts\`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}

/**
 * The tsconfig of a CommonJS project compiling with `module`, with `esModuleInterop` and
 * `skipLibCheck` as `tsc --init` writes them: the typings of redis, pino and better-sqlite3 need
 * the first, and inversify's typings cannot be found by the classic resolution. The ESM variants
 * check every `.d.ts` without `skipLibCheck`.
 */
export function commonJsTsconfig(module: CommonJsModule, outDir: string): object {
  return {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module,
      types: ['node'],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      rootDir: 'src',
      outDir,
      noEmitOnError: true,
    },
    files: ['src/main.ts'],
  };
}

/**
 * Compiles {@link commonJsProgram} in a CommonJS package inside `project` (`cjs/`, `"type":
 * "commonjs"`) with each compiler and each of {@link COMMONJS_MODULES}, and runs it with
 * plain `node`. Returns the problems (none: every variant compiled and printed
 * {@link COMMONJS_OUTPUT}).
 */
export async function checkCommonJs(
  project: ConsumerProject,
  entryPoints: readonly string[],
): Promise<string[]> {
  const directory = join(project.directory, 'cjs');
  mkdirSync(join(directory, 'src'), { recursive: true });
  writeFileSync(join(directory, 'package.json'), '{ "private": true, "type": "commonjs" }\n');
  writeFileSync(join(directory, 'src', 'main.ts'), commonJsProgram(entryPoints));
  const problems: string[] = [];
  for (const compiler of Object.keys(COMPILERS) as CompilerRole[]) {
    for (const module of COMMONJS_MODULES) {
      const name = `${compiler}-${module}`;
      const label = `CommonJS project (TypeScript ${project.typescript[compiler]}, module ${module})`;
      const compiled = await compileWith(
        directory,
        project.tsc(compiler),
        name,
        commonJsTsconfig(module, `out/${name}`),
        `tsc for a ${label}`,
      );
      if (compiled.length > 0) {
        problems.push(...compiled);
        continue;
      }
      problems.push(
        ...(await runExample(join('out', name, 'main.js'), directory, COMMONJS_OUTPUT, label)),
      );
    }
  }
  return problems;
}
