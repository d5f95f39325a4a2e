// Two projects: `asmx` (the contract tests against the real ASMX service, whose
// globalSetup starts Mono and nginx) and `unit` (everything else: local servers
// on port 0 only). A project's globalSetup runs only when one of its tests runs,
// so `npx jest test/reseller` or `npm run test:unit` never starts Mono.
const shared = {
  testEnvironment: 'node',
  transform: {
    // Type checking is done once by `tsc` in `npm test`; jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  setupFilesAfterEnv: ['<rootDir>/test/support/secret-sweep.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // A global option: jest ignores it inside a project.
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/contract/', '<rootDir>/test/browser/'],
    },
    {
      ...shared,
      // A third project: the SSO journey of the Express example (examples/express-sso) in
      // headless Chromium (Debian's, installed by `npm run setup`), kept out of test:unit.
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.test.ts'],
      // The example imports the package by name, as its users do; tsconfig.json maps it the same way.
      moduleNameMapper: { '^iq-integration$': '<rootDir>/src/index.ts', '^iq-integration/sandbox$': '<rootDir>/src/sandbox/index.ts' },
    },
    {
      ...shared,
      displayName: 'asmx',
      roots: ['<rootDir>/test/contract'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/asmx-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/asmx-global-teardown.ts',
    },
  ],
};
