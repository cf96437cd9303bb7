/**
 * Jest runs TypeScript through SWC as native ES modules (Payload is ESM-only); see package.json's
 * test:jest for the Node flags. Each integration suite boots its own Payload on fresh databases.
 * @type {import('jest').Config}
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'es6' },
  },
]

export default {
  testEnvironment: 'node',
  // Payload's rich-text package needs the production export conditions to load reliably.
  testEnvironmentOptions: { customExportConditions: ['production', 'node', 'node-addons'] },
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: { '^@payload-config$': '<rootDir>/src/payload.config.ts' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/harness/globalSetup.ts',
  globalTeardown: '<rootDir>/test/harness/globalTeardown.ts',
  maxWorkers: 2,
  testTimeout: 60_000,
  verbose: true,
}
