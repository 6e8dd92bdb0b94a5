import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ConsumerProject, removableModules } from './consumerProject.js';

let directory: string;

function project(packages: Record<string, object>): ConsumerProject {
  directory = mkdtempSync(join(tmpdir(), 'consumer-project-'));
  for (const [name, manifest] of Object.entries(packages)) {
    mkdirSync(join(directory, 'node_modules', name), { recursive: true });
    writeFileSync(
      join(directory, 'node_modules', name, 'package.json'),
      JSON.stringify({ name, ...manifest }),
    );
  }
  return { directory, typescript: { repo: '', latest: '' }, tsc: () => '' };
}

afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('removableModules', () => {
  it('keeps an optional peer that a required package further down depends on', () => {
    const consumer = project({
      '@ballast/safe-log': {
        peerDependencies: { winston: '^3', pino: '^10' },
        peerDependenciesMeta: { pino: { optional: true } },
      },
      '@ballast/testing': {
        peerDependencies: { 'winston-transport': '^4' },
        peerDependenciesMeta: { 'winston-transport': { optional: true } },
      },
      winston: { dependencies: { 'winston-transport': '^4' } },
      'winston-transport': {},
      pino: {},
      '@ballast/store': { peerDependencies: { 'better-sqlite3': '^12' } },
      'better-sqlite3': {},
    });
    expect(
      removableModules(
        consumer,
        ['@ballast/safe-log', '@ballast/testing'],
        ['winston-transport', 'pino', 'better-sqlite3'],
      ),
    ).toEqual(['pino', 'better-sqlite3']);
  });
});
