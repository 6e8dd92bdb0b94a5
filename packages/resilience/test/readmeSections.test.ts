import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const readme = readFileSync(path.join(repoRoot, 'packages/resilience/README.md'), 'utf8');

/** Every `ts` block of the README followed by "Prints:" and the `text` block it prints. */
const examples = readme.split(/^## /m).flatMap((section) =>
  [...section.matchAll(/```ts\n((?:(?!```)[\s\S])*)```\n\nPrints:\n\n```text\n([^`]*)```/g)].map(
    ([, code, printed]) => ({
      section: section.slice(0, section.indexOf('\n')),
      code: code!,
      printed: printed!.trim(),
    }),
  ),
);

// A scratch project outside the repository that resolves the packages through the repo's
// node_modules, like an installed project would.
const dir = mkdtempSync(path.join(tmpdir(), 'ballast-readme-'));
symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--conditions=ballast-source', file],
      {
        cwd: dir,
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.base.json') },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout: stdout.trim(), stderr });
      },
    );
  });
}

describe('the README examples with their output', () => {
  it('has the examples of hedge, cache, guard, null-safe calls, cancellation, hooks, result outcomes and reusable policies', () => {
    expect(examples.map((example) => example.section)).toEqual([
      '@Hedge / `hedge()`',
      '@Cache / `cache()`',
      '@Guard / `guard()`',
      'Null-safe calls: `optional()`',
      'Cancellation',
      'Hooks',
      'Outcomes from results',
      'Reusable policies',
    ]);
  });

  it.each(examples.map((example) => [example.section, example] as const))(
    'runs the %s example verbatim in a real process and prints what the README says',
    async (section, { code, printed }) => {
      const file = path.join(dir, `${section.replaceAll(/[^A-Za-z]+/g, '-')}.ts`);
      writeFileSync(file, code);
      expect(await run(file)).toMatchObject({ code: 0, stdout: printed });
    },
  );
});
