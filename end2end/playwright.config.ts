import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

const target = process.env.CARGO_TARGET_DIR ?? path.join(process.env.HOME ?? '', '.cache/contact-center/target');
export const SERVER_BIN = process.env.CC_SERVER_BIN ?? path.join(target, 'debug/server');
export const APP = 'http://127.0.0.1:3000';
/** The bank's page lives on another site: `localhost` is not `127.0.0.1`. */
export const FOREIGN = 'http://localhost:4100';

export default defineConfig({
  testDir: './tests',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  use: {
    baseURL: APP,
    // Russian is the product's default; the browser asks for it like a bank's staff would.
    locale: 'ru-RU',
    timezoneId: 'Asia/Tashkent',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      command: `${SERVER_BIN} serve`,
      cwd: '..',
      url: `${APP}/healthz`,
      env: { CC_DB_NAME: 'cc_e2e', RUST_LOG: 'info,sqlx=warn' },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'pipe',
    },
    {
      command: 'node foreign-site.mjs',
      url: `${FOREIGN}/health`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
  ],
});
