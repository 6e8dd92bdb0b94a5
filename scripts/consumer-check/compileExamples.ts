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
 * Compiles `files` (paths under the project's `src/`) with plain `tsc` for `variant` into
 * `out/<variant>/`. Returns the problems (none: it compiled).
 */
export async function compileExamples(
  project: ConsumerProject,
  variant: CompileVariant,
  files: readonly string[],
): Promise<string[]> {
  const name = variantName(variant);
  const config = `tsconfig.${name}.json`;
  writeFileSync(
    join(project.directory, config),
    `${JSON.stringify(tsconfigFor(variant, files, `out/${name}`), null, 2)}\n`,
  );
  const result = await exec(process.execPath, [project.tsc(variant.compiler), '-p', config], {
    cwd: project.directory,
    timeoutMs: 300_000,
  });
  return result.code === 0
    ? []
    : [
        describeFailure(
          `tsc ${project.typescript[variant.compiler]} (${name}) on ${files.join(', ')}`,
          result,
        ),
      ];
}
