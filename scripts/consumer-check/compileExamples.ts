import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompilerRole, ConsumerProject } from './consumerProject.js';
import { describeFailure, exec } from './exec.js';

/** One way a user may compile: a compiler, a module resolution and a decorator mode. */
export interface CompileVariant {
  readonly compiler: CompilerRole;
  readonly moduleResolution: 'nodenext' | 'bundler';
  /** `legacy`: experimentalDecorators + emitDecoratorMetadata; `standard`: TC39 decorators. */
  readonly decorators: 'legacy' | 'standard';
}

/** Every combination the consumer check compiles. */
export const VARIANTS: readonly CompileVariant[] = (['repo', 'latest'] as const).flatMap(
  (compiler) => [
    { compiler, moduleResolution: 'nodenext', decorators: 'legacy' } as const,
    { compiler, moduleResolution: 'bundler', decorators: 'legacy' } as const,
    { compiler, moduleResolution: 'nodenext', decorators: 'standard' } as const,
  ],
);

/** A short, file-safe name: `repo-nodenext-legacy`. */
export function variantName(variant: CompileVariant): string {
  return `${variant.compiler}-${variant.moduleResolution}-${variant.decorators}`;
}

/** The tsconfig a user of `variant` would write, for a Node ESM project. */
export function tsconfigFor(
  variant: CompileVariant,
  files: readonly string[],
  outDir: string,
): object {
  const legacy = variant.decorators === 'legacy';
  return {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: variant.moduleResolution === 'nodenext' ? 'nodenext' : 'esnext',
      moduleResolution: variant.moduleResolution,
      types: ['node'],
      strict: true,
      skipLibCheck: false,
      ...(legacy ? { experimentalDecorators: true, emitDecoratorMetadata: true } : {}),
      rootDir: 'src',
      outDir,
      noEmitOnError: true,
    },
    files,
  };
}

/**
 * Writes `tsconfig` as `tsconfig.<name>.json` in `directory` and compiles it with `tsc` (the
 * path of a compiler). Returns the problems (none: it compiled), `what` naming the compile.
 */
export async function compileWith(
  directory: string,
  tsc: string,
  name: string,
  tsconfig: object,
  what: string,
): Promise<string[]> {
  const config = `tsconfig.${name}.json`;
  writeFileSync(join(directory, config), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const result = await exec(process.execPath, [tsc, '-p', config], {
    cwd: directory,
    timeoutMs: 300_000,
  });
  return result.code === 0 ? [] : [describeFailure(what, result)];
}

/**
 * Compiles `files` (paths under the project's `src/`) with plain `tsc` for `variant` into
 * `out/<variant>/`. Returns the problems (none: it compiled).
 */
export function compileExamples(
  project: ConsumerProject,
  variant: CompileVariant,
  files: readonly string[],
): Promise<string[]> {
  const name = variantName(variant);
  return compileWith(
    project.directory,
    project.tsc(variant.compiler),
    name,
    tsconfigFor(variant, files, `out/${name}`),
    `tsc ${project.typescript[variant.compiler]} (${name}) on ${files.join(', ')}`,
  );
}
