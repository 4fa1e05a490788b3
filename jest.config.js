// @ts-check
/** One jest run, six kinds of test. See README "Tests". */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = { transform: { '^.+\\.ts$': swc }, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/*/src/**/*.spec.ts',
        '<rootDir>/apps/*/src/**/*.spec.ts',
        '<rootDir>/workflows/*/src/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/integration/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/integration/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/tests/e2e/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/e2e/support/global-teardown.ts',
    },
    {
      // Schemathesis over the served OpenAPI document, as every role, on a system of its own (README "Tests").
      ...common,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/tests/fuzz/**/*.fuzz.test.ts'],
      globalSetup: '<rootDir>/tests/fuzz/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/fuzz/support/global-teardown.ts',
    },
    {
      // The production shape (infra/deploy): builds once, starts the built apps and Caddy, goes through HTTPS.
      ...common,
      displayName: 'production',
      testMatch: ['<rootDir>/tests/production/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.browser.test.ts'],
      globalSetup: '<rootDir>/tests/browser/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/browser/support/global-teardown.ts',
    },
  ],
};
