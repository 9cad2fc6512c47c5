import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The core is pure: plain data in, plain data out. These imports would pull I/O into it.
const ioModules = [
  'probot',
  'node:fs',
  'node:fs/promises',
  'fs',
  'fs/promises',
  'node:child_process',
  'child_process',
  'node:process',
  'process',
  'node:net',
  'node:http',
  'node:https',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-action/**',
      'coverage/**',
      'node_modules/**',
      'test/fixtures/**',
      'scratch/**',
      'examples/**',
    ],
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Tests read arbitrary JSON (webhook payloads, recorded request bodies).
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/core/**/*.ts', 'src/checks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({
            name,
            message: 'src/core and src/checks must stay free of I/O.',
          })),
          patterns: [
            {
              group: ['@octokit/*'],
              message: 'src/core and src/checks must stay free of GitHub I/O.',
            },
            {
              group: ['**/github/**', '**/local/**'],
              message: 'The core must not depend on adapters.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The core must not read the environment or the process.' },
        { name: 'fetch', message: 'The core must not do network I/O.' },
      ],
    },
  },
);
