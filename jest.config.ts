/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

/**
 * Jest runs the TypeScript sources directly, as native ES modules (inversify 8 is ESM-only).
 * Workspace packages resolve to their sources through the `ballast-source` export condition,
 * so no build is needed before tests.
 */
const config: Config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/apps', '<rootDir>/scripts'],
  testMatch: ['**/?(*.)test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.base.json' }],
  },
  testEnvironmentOptions: { customExportConditions: ['ballast-source', 'node', 'node-addons'] },
  clearMocks: true,
  restoreMocks: true,
};

export default config;
