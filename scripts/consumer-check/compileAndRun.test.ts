import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileExamples, type CompileVariant, variantName } from './compileExamples.js';
import { type ConsumerProject, withoutModules } from './consumerProject.js';
import { runExample } from './runExample.js';

const repository = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const directory = mkdtempSync(join(tmpdir(), 'ballast-compile-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(path: string, content: string): void {
  mkdirSync(dirname(join(directory, path)), { recursive: true });
  writeFileSync(join(directory, path), content);
}

// A consumer project in miniature: the repository's TypeScript and Node types, and a library
// whose .d.ts imports a module that is not installed (what @ballast/flags did with SQLite).
write('package.json', JSON.stringify({ name: 'fixture', private: true, type: 'module' }));
mkdirSync(join(directory, 'node_modules'));
symlinkSync(join(repository, 'node_modules', '@types'), join(directory, 'node_modules', '@types'));
write(
  'node_modules/leaky-lib/package.json',
  JSON.stringify({
    name: 'leaky-lib',
    version: '1.0.0',
    type: 'module',
    exports: { '.': { types: './index.d.ts', default: './index.js' } },
  }),
);
write(
  'node_modules/leaky-lib/index.d.ts',
  "import type { Database } from 'not-installed';\nexport declare const answer: number;\nexport declare function open(): Database;\n",
);
write('node_modules/leaky-lib/index.js', 'export const answer = 42;\nexport function open() {}\n');
write('src/hello.ts', "console.log('hello');\n");
write('src/leaky.ts', "import { answer } from 'leaky-lib';\nconsole.log(answer);\n");
write('src/typeError.ts', "const count: number = 'three';\nconsole.log(count);\n");
write('src/exits.ts', 'process.exitCode = 3;\n');
write('src/neverSettles.ts', 'await new Promise(() => {});\nexport {};\n');

const project: ConsumerProject = {
  directory,
  typescript: { repo: 'repository', latest: 'not installed here' },
  tsc: () => join(repository, 'node_modules', 'typescript', 'bin', 'tsc'),
};
const variant: CompileVariant = {
  compiler: 'repo',
  moduleResolution: 'nodenext',
  decorators: 'legacy',
};
const out = (name: string): string => join('out', variantName(variant), `${name}.js`);

// tsc takes seconds to start: one compile for the valid programs, one for the broken ones.
let validCompile: string[];
let brokenCompile: string[];
beforeAll(async () => {
  validCompile = await compileExamples(project, variant, [
    'src/hello.ts',
    'src/exits.ts',
    'src/neverSettles.ts',
  ]);
  brokenCompile = await compileExamples(project, variant, ['src/leaky.ts', 'src/typeError.ts']);
}, 120_000);

describe('compiling and running examples', () => {
  it('compiles and runs an example that prints what it promises', async () => {
    expect(validCompile).toEqual([]);
    await expect(runExample(out('hello'), directory, 'hello\n', 'hello')).resolves.toEqual([]);
  });

  it('fails an example that prints something else', async () => {
    await expect(runExample(out('hello'), directory, 'goodbye', 'hello')).resolves.toEqual([
      'node hello printed\nhello\ninstead of\ngoodbye',
    ]);
  });

  it("fails when a library's types need a module the project lacks (no skipLibCheck)", () => {
    expect(brokenCompile).toHaveLength(1);
    expect(brokenCompile[0]).toContain("Cannot find module 'not-installed'");
  });

  it('fails an example that does not type-check', () => {
    expect(brokenCompile[0]).toContain("Type 'string' is not assignable to type 'number'");
  });

  it('fails an example that exits non-zero, or whose top-level await never settles', async () => {
    const [exits] = await runExample(out('exits'), directory, '', 'exits');
    expect(exits).toMatch(/^node exits exited with code 3/);
    const [hangs] = await runExample(out('neverSettles'), directory, '', 'neverSettles');
    expect(hangs).toMatch(/code 13: a top-level await never settled/);
  });
});

describe('withoutModules', () => {
  it('hides installed modules while the body runs and restores them even when it throws', async () => {
    const leaky = join(directory, 'node_modules', 'leaky-lib');
    await expect(
      withoutModules(project, ['leaky-lib'], async () => {
        expect(existsSync(leaky)).toBe(false);
        throw new Error('body failed');
      }),
    ).rejects.toThrow('body failed');
    expect(existsSync(leaky)).toBe(true);
  });
});
