import { describe, expect, it } from '@jest/globals';
import { exampleDependencies, packageOf } from './exampleDependencies.js';
import type { Example } from './readmeExamples.js';
import type { WorkspacePackage } from './workspacePackages.js';

function example(markdown: string, source: string): Example {
  return {
    name: 'x',
    markdown,
    where: `${markdown}:1`,
    source,
    expectedOutput: '',
    legacyDecoratorsOnly: false,
    needsRedis: false,
  };
}

const otel: WorkspacePackage = {
  directory: 'packages/opentelemetry',
  manifest: {
    name: '@ballast/opentelemetry',
    version: '0.1.0',
    peerDependencies: { '@opentelemetry/api': '^1.9.0' },
    devDependencies: {
      '@opentelemetry/api': '^1.9.0',
      '@opentelemetry/sdk-trace-base': '^2.12.1',
    },
  },
};
const core: WorkspacePackage = {
  directory: 'packages/core',
  manifest: { name: '@ballast/core', version: '0.1.0' },
};

describe('packageOf', () => {
  it('names the package of a specifier and skips built-ins and relative paths', () => {
    expect(packageOf('@opentelemetry/sdk-trace-base')).toBe('@opentelemetry/sdk-trace-base');
    expect(packageOf('@ballast/flags/sqlite')).toBe('@ballast/flags');
    expect(packageOf('winston/lib/x')).toBe('winston');
    expect(packageOf('node:fs')).toBeUndefined();
    expect(packageOf('./local.js')).toBeUndefined();
  });
});

describe('exampleDependencies', () => {
  it('installs what an example imports beyond the tarballs and peers, at its devDependency range', () => {
    const source = [
      "import { createRuntime } from '@ballast/core';",
      "import { trace } from '@opentelemetry/api';",
      'import {',
      '  BasicTracerProvider,',
      "} from '@opentelemetry/sdk-trace-base';",
      "import { join } from 'node:path';",
    ].join('\n');
    expect(
      exampleDependencies(
        [example('packages/opentelemetry/README.md', source)],
        [otel, core],
        { name: 'ballast', version: '0.1.0' },
        { '@opentelemetry/api': '^1.9.0' },
      ),
    ).toEqual({ ranges: { '@opentelemetry/sdk-trace-base': '^2.12.1' }, problems: [] });
  });

  it('reports an import that no manifest lists', () => {
    const { problems } = exampleDependencies(
      [example('README.md', "import express from 'express';")],
      [otel, core],
      { name: 'ballast', version: '0.1.0', devDependencies: {} },
      {},
    );
    expect(problems).toEqual([
      'README.md: its example imports express, which is neither a peer nor a devDependency',
    ]);
  });
});
