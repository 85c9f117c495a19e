// HTTPS from the server itself, as a bank runs it (CC_TLS_CERT, CC_TLS_KEY): a second
// server process on the same database serves https://127.0.0.1:3443 with a certificate
// the bank's CA issued (made here with openssl). Only a client that trusts that CA gets
// in; plain HTTP gets no answer; every answer carries HSTS. A Kazakh operator signs in
// over HTTPS (the session cookie is Secure), the workspace goes live over wss:, and a
// customer on the bank's site writes through the widget loaded over HTTPS and reads the
// answer.
import { test, expect, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SERVER_BIN } from '../playwright.config';
import { CHANNELS, STAFF, customerSends, echoBrowserErrors, stateSwitchReady, submitSignIn } from './fixtures';

const PORT = 3443;
const HTTPS_APP = `https://127.0.0.1:${PORT}`;
let server: ChildProcess;
let ca: string;

/** A GET over HTTPS trusting exactly `trust`: the status and headers, or the error. */
function get(url: string, trust: string): Promise<{ status: number; headers: http.IncomingHttpHeaders } | Error> {
  return new Promise((resolve) => {
    https
      .get(url, { ca: trust }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      })
      .on('error', resolve);
  });
}

test.beforeAll(async () => {
  // The bank's CA and the server's certificate for 127.0.0.1 (EC P-256).
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=E2E Bank Root CA');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', 'key.pem', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(path.join(dir, 'ext.cnf'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'chain.pem', '-days', '2', '-extfile', 'ext.cnf');
  ca = readFileSync(path.join(dir, 'ca.pem'), 'utf8');

  server = spawn(SERVER_BIN, ['serve'], {
    cwd: '..',
    env: {
      ...process.env,
      CC_DB_NAME: 'cc_e2e',
      LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
      CC_TLS_CERT: path.join(dir, 'chain.pem'),
      CC_TLS_KEY: path.join(dir, 'key.pem'),
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await expect
    .poll(async () => {
      const r = await get(`${HTTPS_APP}/healthz`, ca);
      return r instanceof Error ? r.message : r.status;
    }, { timeout: 60_000 })
    .toBe(200);
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  await new Promise((resolve) => server?.once('exit', resolve));
});

test('over the server\'s own HTTPS: the bank\'s certificate, HSTS, a Secure session, live sockets over wss', async ({ browser }) => {
  const stamp = Date.now().toString(36);

  // Only a client that trusts the bank's CA connects; it is told to keep to HTTPS.
  const trusted = await get(`${HTTPS_APP}/login`, ca);
  expect(trusted).not.toBeInstanceOf(Error);
  if (!(trusted instanceof Error)) {
    expect(trusted.status).toBe(200);
    expect(trusted.headers['strict-transport-security']).toBe('max-age=31536000');
  }
  const untrusted = await get(`${HTTPS_APP}/login`, '');
  expect(untrusted).toBeInstanceOf(Error);
  expect(String((untrusted as Error).message)).toMatch(/certificate/i);
  const plain = await new Promise<Error | number>((resolve) => {
    http.get(`http://127.0.0.1:${PORT}/healthz`, (res) => resolve(res.statusCode ?? 0)).on('error', resolve);
  });
  expect(plain).toBeInstanceOf(Error);

  // The browser does not know the bank's CA (the bank's PCs would): it is told to go on.
  const staff = await browser.newContext({ baseURL: HTTPS_APP, ignoreHTTPSErrors: true });
  await staff.addCookies([{ name: 'i18n_pref_locale', value: 'kk', url: HTTPS_APP }]);
  const operator = await staff.newPage();
  echoBrowserErrors(operator, 'tls operator');
  await operator.goto('/login');
  await submitSignIn(operator, STAFF.metaKk.login, STAFF.metaKk.password);
  await expect(operator).not.toHaveURL(/\/login/);
  const session = (await staff.cookies(HTTPS_APP)).find((c) => c.name === 'cc_session');
  expect(session?.secure).toBe(true);
  expect(session?.httpOnly).toBe(true);
  await operator.goto('/workspace');
  await stateSwitchReady(operator);
  expect(operator.url()).toMatch(/^https:\/\/127\.0\.0\.1:3443\/workspace/);

  // A customer on the bank's site: the widget comes from the HTTPS server and talks over wss.
  const customerContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const customer: Page = await customerContext.newPage();
  echoBrowserErrors(customer, 'tls customer');
  const sockets: string[] = [];
  customer.on('websocket', (ws) => sockets.push(ws.url()));
  await customer.goto(`http://localhost:4100/?channel=${CHANNELS.ru.key}&lang=kk&app=tls`);
  const widget = customer.frameLocator('iframe[data-cc-widget]');
  await widget.locator('button.launcher').click();
  await expect(widget.locator('section.panel')).toBeVisible();
  const question = `HTTPS арқылы жазып отырмын ${stamp}`;
  await customerSends(widget, question);

  const queue = operator.getByTestId('queue');
  await expect(queue.locator('li', { hasText: question })).toBeVisible({ timeout: 20_000 });
  await queue.locator('li', { hasText: question }).getByRole('button', { name: 'Алу' }).click();
  await operator.getByTestId('mine').locator('li', { hasText: question }).click();
  const answer = `Сәлеметсіз бе! Байланыс шифрланған ${stamp}`;
  await operator.locator('.composer textarea').fill(answer);
  await operator.locator('.composer textarea').press('Enter');
  await expect(widget.getByText(answer)).toBeVisible({ timeout: 15_000 });
  expect(sockets.some((u) => u.startsWith(`wss://127.0.0.1:${PORT}/ws/widget`))).toBe(true);
  await customer.screenshot({ path: 'test-results/tls-widget.png' });
  await operator.screenshot({ path: 'test-results/tls-workspace.png' });

  // Done: closed, so the other specs' operators see only their own customers.
  await operator.getByRole('button', { name: 'Диалогты аяқтау' }).click();
  await expect(operator.getByTestId('mine').locator('li', { hasText: answer })).toContainText('Аяқталған');
  await staff.close();
  await customerContext.close();
});
