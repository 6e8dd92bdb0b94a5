import { describe, expect, it } from '@jest/globals';
import { checkManifest } from './checkManifest.js';

const root = {
  name: 'ballast',
  version: '0.1.0',
  license: 'MIT',
  repository: { type: 'git', url: 'git+https://example.test/ballast.git' },
  engines: { node: '>=20.19' },
};

/** A package without entry points that follows every other convention. */
const conforming = {
  name: '@ballast/example',
  version: '0.1.0',
  license: 'MIT',
  keywords: ['ballast'],
  repository: { type: 'git', url: root.repository.url, directory: 'packages/example' },
  type: 'module',
  sideEffects: false,
  engines: { node: '>=20.19' },
  files: ['dist/src', 'src', '!**/*.test.*'],
};

describe('checkManifest', () => {
  it('accepts a package that follows the packaging conventions', () => {
    const manifest = {
      ...conforming,
      peerDependencies: { winston: '^3.19.0' },
      devDependencies: { winston: '^3.19.0' },
    };
    expect(checkManifest({ directory: 'packages/example', manifest }, root)).toEqual([]);
  });

  it('names every convention a package breaks', () => {
    const manifest = {
      name: '@ballast/sloppy',
      version: '0.1.0',
      dependencies: { winston: '^3.19.0' },
      peerDependencies: { winston: '^3.19.0' },
    };
    expect(checkManifest({ directory: 'packages/sloppy', manifest }, root)).toEqual([
      "@ballast/sloppy: license is undefined, the repository's is MIT",
      `@ballast/sloppy: repository must be { url: ${root.repository.url}, directory: packages/sloppy }`,
      '@ballast/sloppy: no keywords',
      '@ballast/sloppy: sideEffects is not declared (false, or the files that have them)',
      '@ballast/sloppy: type must be "module"',
      '@ballast/sloppy: engines.node must be >=20.19',
      '@ballast/sloppy: no files list',
      '@ballast/sloppy: peer winston is not also a devDependency',
      '@ballast/sloppy: winston is both a dependency and a peer',
    ]);
  });

  it('asks for main, types and typesVersions matching exports, for CommonJS projects', () => {
    const entry = (file: string) => ({
      'ballast-source': `./src/${file}.ts`,
      types: `./dist/src/${file}.d.ts`,
      default: `./dist/src/${file}.js`,
    });
    const manifest = {
      ...conforming,
      exports: {
        '.': entry('index'),
        './sqlite': entry('sqlite'),
        './schema.json': './schema/schema.json',
      },
    };
    const pkg = { directory: 'packages/example', manifest };
    expect(checkManifest(pkg, root)).toEqual([
      '@ballast/example: main must be ./dist/src/index.js',
      '@ballast/example: types must be ./dist/src/index.d.ts',
      '@ballast/example: typesVersions["*"]["sqlite"] must be ["./dist/src/sqlite.d.ts"]',
    ]);
    const complete = {
      ...manifest,
      main: './dist/src/index.js',
      types: './dist/src/index.d.ts',
      typesVersions: { '*': { sqlite: ['./dist/src/sqlite.d.ts'] } },
    };
    expect(checkManifest({ ...pkg, manifest: complete }, root)).toEqual([]);
  });
});
