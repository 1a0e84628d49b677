import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      // `server-only` throws outside React's server condition; tests exercise server modules directly.
      'server-only': fileURLToPath(
        new URL('./server/testing/server-only-stub.ts', import.meta.url),
      ),
      '@': fileURLToPath(new URL('./', import.meta.url)),
    },
  },
  test: {
    environment: 'node',
    include: [
      'lib/**/*.test.ts',
      'server/**/*.test.ts',
      'app/**/*.test.ts',
      'components/**/*.test.ts?(x)',
    ],
    // kubectl conformance tests spawn real processes; two cores.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
