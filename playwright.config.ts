import { randomBytes } from 'node:crypto';

import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3107);
// The demo admin's token for this run: the config is loaded again in every worker, which
// inherits the environment, so tests and the server agree (e2e/auth.ts reads it).
process.env.SEGSCOPE_E2E_ADMIN_TOKEN ??= randomBytes(24).toString('base64url');

/**
 * E2E runs the built console (`next start`) on the demo fleet. Playwright cannot download its
 * browsers here, so it drives Debian's Chromium.
 */
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-gpu',
      ],
    },
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: {
    command: `node_modules/.bin/tsx server/cli/demo.ts --port ${PORT} --kubeconfig .segscope/e2e.kubeconfig`,
    // Ready once every demo cluster has finished its first sync: tests never race a cold fleet.
    url: `http://127.0.0.1:${PORT}/api/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: { SEGSCOPE_ADMIN_TOKEN: process.env.SEGSCOPE_E2E_ADMIN_TOKEN },
  },
});
