/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is done once by `tsc` in `npm test`; jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  globalSetup: '<rootDir>/test/support/asmx-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/asmx-global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/secret-sweep.ts'],
  testTimeout: 30000,
};
