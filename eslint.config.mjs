import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const serverImports = {
  group: ['@/server/*', '**/server/*', '../server/*', '../../server/*'],
  message:
    'This code can run in the browser: fetch through components/queries and an app/api route.',
};

const config = [
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      '.tools/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'import/no-cycle': 'error',
    },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@/server/*',
                '@/app/*',
                '@/components/*',
                '**/server/*',
                '**/app/*',
                '**/components/*',
              ],
              message: 'lib is pure: move I/O to server/ and pass data in.',
            },
            {
              group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process'],
              message: 'lib is pure: move I/O to server/ and pass data in.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverImports] }] },
  },
  {
    files: ['server/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/app/*', '@/components/*', '**/app/*', '**/components/*'],
              message: 'server/ must not depend on the UI.',
            },
          ],
        },
      ],
    },
  },
];

export default config;
