import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkTarball } from './checkTarball.js';
import { execOrThrow } from './exec.js';

const LICENSE = 'MIT License\n\nCopyright (c) 2026 ballast contributors\n';
const work = mkdtempSync(join(tmpdir(), 'ballast-tarball-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes a package from `files` (path → content) and packs it with npm; returns the tarball. */
async function pack(name: string, files: Record<string, string>): Promise<string> {
  const directory = join(work, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), content);
  }
  const { stdout } = await execOrThrow('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: directory,
  });
  return join(work, (JSON.parse(stdout) as [{ filename: string }])[0].filename);
}

const goodManifest = {
  name: 'good-package',
  version: '1.0.0',
  type: 'module',
  exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
  files: ['dist', 'src', '!**/*.test.*'],
};

describe('checkTarball', () => {
  it('passes a package that ships what its exports name, its sources and its LICENSE', async () => {
    const tarball = await pack('good', {
      'package.json': JSON.stringify(goodManifest),
      LICENSE,
      'src/index.ts': 'export const x = 1;\n',
      'src/index.test.ts': 'import "@jest/globals";\n',
      'dist/index.js': 'export const x = 1;\n//# sourceMappingURL=index.js.map\n',
      'dist/index.js.map': JSON.stringify({
        version: 3,
        sources: ['../src/index.ts'],
        mappings: '',
      }),
      'dist/index.d.ts': 'export declare const x = 1;\n',
    });
    await expect(checkTarball(tarball, LICENSE)).resolves.toEqual([]);
  });

  it('reports tests, fixtures, test imports, build caches, a missing LICENSE, missing targets and dangling source maps', async () => {
    const tarball = await pack('bad', {
      'package.json': JSON.stringify({
        name: 'bad-package',
        version: '1.0.0',
        exports: {
          '.': { types: './dist/index.d.ts', default: './dist/index.js' },
          './extra': { types: './dist/extra.d.ts', default: './dist/extra.js' },
        },
        bin: { bad: './dist/cli.js' },
        files: ['dist', 'test'],
      }),
      'dist/index.js': 'export const x = 1;\n',
      'dist/index.js.map': JSON.stringify({
        version: 3,
        sources: ['../src/index.ts'],
        mappings: '',
      }),
      'dist/index.d.ts': 'export declare const x = 1;\n',
      'dist/index.test.js': 'export {};\n',
      'dist/helpers.js': "import { expect } from '@jest/globals';\nexport { expect };\n",
      'dist/.tsbuildinfo': '{}',
      'test/fixtures/data.json': '{}',
    });
    const problems = await checkTarball(tarball, LICENSE);
    expect(problems).toEqual(
      expect.arrayContaining([
        'bad-package: no LICENSE file',
        'bad-package: ships dist/index.test.js (tests, fixtures and build caches stay out)',
        'bad-package: ships dist/.tsbuildinfo (tests, fixtures and build caches stay out)',
        'bad-package: ships test/fixtures/data.json (tests, fixtures and build caches stay out)',
        'bad-package: ships dist/helpers.js, which imports a test framework',
        'bad-package: dist/index.js.map points at src/index.ts, which the tarball lacks',
        'bad-package: exports["./extra"].types names ./dist/extra.d.ts, which the tarball lacks',
        'bad-package: exports["./extra"].default names ./dist/extra.js, which the tarball lacks',
        'bad-package: bin.bad names ./dist/cli.js, which the tarball lacks',
      ]),
    );
    expect(problems).toHaveLength(9);
  });

  it('reports a LICENSE that is not the repository one', async () => {
    const tarball = await pack('other-license', {
      'package.json': JSON.stringify({ ...goodManifest, name: 'other-license', files: ['dist'] }),
      LICENSE: 'All rights reserved.\n',
      'dist/index.js': 'export const x = 1;\n',
      'dist/index.d.ts': 'export declare const x = 1;\n',
    });
    await expect(checkTarball(tarball, LICENSE)).resolves.toEqual([
      'other-license: LICENSE differs from the repository LICENSE',
    ]);
  });
});
