// @ts-check
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * Which kind of package may import which (Nx tags in each package.json). Imports point one way:
 * apps → activities / data adapters → domain, contracts → nothing of ours. Test helpers reach
 * tests and benchmarks only.
 */
const depConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:config', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:observability', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:workflow-support', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
  {
    sourceTag: 'type:workflow',
    onlyDependOnLibsWithTags: ['type:workflow-support', 'type:domain', 'type:contracts'],
  },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:data', 'type:domain', 'type:contracts', 'type:config'] },
  {
    sourceTag: 'type:activities',
    onlyDependOnLibsWithTags: ['type:data', 'type:domain', 'type:contracts', 'type:config'],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:observability',
      'type:activities',
      'type:data',
      'type:domain',
      'type:contracts',
      'type:config',
      'type:workflow',
    ],
  },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:data', 'type:domain', 'type:contracts', 'type:config'],
  },
  {
    sourceTag: 'type:test',
    onlyDependOnLibsWithTags: [
      'type:testing',
      'type:app',
      'type:activities',
      'type:data',
      'type:domain',
      'type:contracts',
      'type:config',
      'type:workflow',
    ],
  },
  {
    sourceTag: 'type:bench',
    onlyDependOnLibsWithTags: [
      'type:testing',
      'type:app',
      'type:activities',
      'type:data',
      'type:domain',
      'type:contracts',
      'type:config',
      'type:workflow',
    ],
  },
];

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'var/**', '**/dist/**', 'coverage/**', '.nx/**', 'workflows/*/histories/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Temporal determinism: workflow code runs in a replayable sandbox. No Node built-ins, no I/O
    // clients, no activity or worker code; every promise awaited or handled.
    files: ['workflows/*/src/**/*.ts'],
    ignores: ['workflows/*/src/**/*.spec.ts', 'workflows/*/src/**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.flatMap((m) => [
            { name: m, message: 'Node built-ins break workflow determinism; do it in an activity.' },
            { name: `node:${m}`, message: 'Node built-ins break workflow determinism; do it in an activity.' },
          ]),
          patterns: [
            { group: ['node:*'], message: 'Node built-ins break workflow determinism.' },
            {
              group: [
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
                'typeorm',
                'pg',
                'kafkajs',
                '@nestjs/*',
              ],
              message: 'Workflows may import only @temporalio/workflow, @hilfenetz/domain and @hilfenetz/contracts.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No environment in workflows: pass configuration as input.' },
        { name: 'require', message: 'No dynamic requires in workflows.' },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        module: 'writable',
        require: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
