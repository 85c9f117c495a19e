import { defineConfig } from '@playwright/test';
import { generateKeyPairSync } from 'node:crypto';
import * as path from 'node:path';

// A throw-away Ed25519 pair for license files: the server under test (a debug build)
// trusts its public key; the set-up and the license spec sign with its private key.
// Workers inherit the environment, so every process sees the same pair.
if (!process.env.CC_LICENSE_PUBLIC_KEY || !process.env.CC_E2E_LICENSE_PRIVATE_KEY) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = (k: { x?: string; d?: string }, f: 'x' | 'd') => Buffer.from(k[f]!, 'base64url').toString('base64');
  process.env.CC_LICENSE_PUBLIC_KEY = raw(publicKey.export({ format: 'jwk' }), 'x');
  process.env.CC_E2E_LICENSE_PRIVATE_KEY = raw(privateKey.export({ format: 'jwk' }), 'd');
}

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
  // The JSON report feeds failure-digest.mjs, which `make e2e` prints last on a failure.
  reporter: [['list'], ['json', { outputFile: 'playwright-report/results.json' }]],
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
      env: { CC_DB_NAME: 'cc_e2e', RUST_LOG: 'info,sqlx=warn', CC_LICENSE_PUBLIC_KEY: process.env.CC_LICENSE_PUBLIC_KEY! },
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
