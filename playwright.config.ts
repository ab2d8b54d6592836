import { defineConfig } from '@playwright/test';

/** Chromium flags for a root sandbox with no network but loopback. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  timeout: 60_000,
  workers: 2,
  reporter: process.env.CI ? [['list'], ['./scripts/summary-reporter.ts']] : 'list',
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: chromiumArgs },
    trace: 'off',
  },
  projects: [
    { name: 'unit', testDir: 'test' },
    { name: 'e2e', testDir: 'e2e' },
  ],
});
