// @ts-check
/** One jest run, six kinds of test, and the cluster's when chosen. See README "Tests". */
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

/** `--selectProjects … cluster …` (or `--selectProjects=cluster`) on jest's command line. */
const clusterChosen = process.argv.some(
  (a, i) =>
    /^--selectProjects=(.*,)?cluster(,|$)/.test(a) ||
    (a === 'cluster' && process.argv.slice(0, i).includes('--selectProjects')),
);

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
    // The cluster shape (issue 15, infra/cluster): only when chosen (npm run test:cluster), not in
    // the default run: it starts three brokers, a Temporal server and eight processes (minutes).
    ...(clusterChosen
      ? [
          {
            ...common,
            displayName: 'cluster',
            testMatch: ['<rootDir>/tests/cluster/**/*.cluster.test.ts'],
            globalSetup: '<rootDir>/tests/cluster/support/cluster-global-setup.ts',
            globalTeardown: '<rootDir>/tests/cluster/support/cluster-global-teardown.ts',
          },
        ]
      : []),
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.browser.test.ts'],
      globalSetup: '<rootDir>/tests/browser/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/browser/support/global-teardown.ts',
    },
  ],
};
