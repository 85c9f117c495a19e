import { expect, type Browser, type BrowserContext, type FrameLocator, type Page } from '@playwright/test';
import { createHmac } from 'node:crypto';

export const STAFF = {
  operator: { login: 'e2e.malika', name: 'Malika', role: 'operator', password: 'Op3rator-Pass!x' },
  operator2: { login: 'e2e.sardor', name: 'Sardor', role: 'operator', password: 'Op3rator-Pass!y' },
  supervisor: { login: 'e2e.bekzod', name: 'Bekzod', role: 'supervisor', password: 'Sup3rvisor-Pass!' },
  admin: { login: 'e2e.gulnara', name: 'Gulnara', role: 'administrator', password: 'Adm1nistrator-Pass!', totp: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
  lockme: { login: 'e2e.lockme', name: 'Lock Me', role: 'operator', password: 'L0ckme-Pass!zz' },
  russianOnly: { login: 'e2e.olga', name: 'Olga', role: 'operator', password: 'Russ1an-Only!pw' },
  /** Russian, one conversation at a time. */
  single: { login: 'e2e.nodira', name: 'Nodira', role: 'operator', password: 'S1ngle-Chat!pw' },
  /** English only: the end-of-work test has English conversations to itself. */
  englishA: { login: 'e2e.aliya', name: 'Aliya', role: 'operator', password: 'Engl1sh-One!pw' },
  englishB: { login: 'e2e.ruslan', name: 'Ruslan', role: 'operator', password: 'Engl1sh-Two!pw' },
  /** Topics: an administrator who edits the tree, a Kazakh-only operator. */
  topicsAdmin: { login: 'e2e.saule', name: 'Saule', role: 'administrator', password: 'T0pics-Admin!pw', totp: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' },
  topicsKk: { login: 'e2e.yerlan', name: 'Yerlan', role: 'operator', password: 'T0pics-Kazakh!pw' },
  /** Publishes the news spec's news (to its own group only). */
  newsChief: { login: 'e2e.news.chief', name: 'Zarina News', role: 'supervisor', password: 'N3ws-Chief!pw' },
  /** Kazakh only, alone in the group "E2E news": the must-read gate's reader. */
  newsReader: { login: 'e2e.news.reader', name: 'Madina', role: 'operator', password: 'N3ws-Reader!pw' },
  /** Kazakh only: handles two conversations for the personal statistics spec. */
  statsOperator: { login: 'e2e.stats.op', name: 'Nurlan', role: 'operator', password: 'St4ts-Operator!pw' },
  /** Kazakh only: history search and the customer card. */
  historyKk: { login: 'e2e.aigerim', name: 'Aigerim', role: 'operator', password: 'H1story-Card!kk' },
  /** Kazakh only: the workspace spec's indicators, transfers and outbound. */
  kazakhA: { login: 'e2e.asel', name: 'Asel', role: 'operator', password: 'Kaz4kh-One!pw' },
  kazakhB: { login: 'e2e.dauren', name: 'Dauren', role: 'operator', password: 'Kaz4kh-Two!pw' },
  /** Kazakh only: canned replies, emoji and shortcuts (replies.spec.ts). */
  repliesKk: { login: 'e2e.dana', name: 'Дана', role: 'operator', password: 'Repl1es-Kazakh!pw' },
  /** Kazakh only: the files test's conversations are its own. */
  filesKk: { login: 'e2e.ainur', name: 'Ainur', role: 'operator', password: 'F1les-Kazakh!pw' },
  /** Kazakh only: the conversations the reports spec reads back. */
  reportsKk: { login: 'e2e.reports.op', name: 'Ержан', role: 'operator', password: 'Rep0rts-Kazakh!pw' },
  /** Kazakh only: the invisible assistant's operator. */
  assistKk: { login: 'e2e.assist.op', name: 'Гүлім', role: 'operator', password: 'Ass1st-Kazakh!pw' },
  /** Never on duty: the expert a supervisor invites. */
  expert: { login: 'e2e.expert', name: 'Эксперт Тимур', role: 'operator', password: 'Exp3rt-Timur!pw' },
  /** Manages accounts and roles in the administration spec. */
  usersAdmin: { login: 'e2e.users.admin', name: 'Тимур Админ', role: 'administrator', password: 'Us3rs-Admin!pw', totp: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U' },
  /** Kazakh only: answers the Telegram customer of telegram.spec.ts. */
  telegramKk: { login: 'e2e.telegram.op', name: 'Бауыржан', role: 'operator', password: 'T3legram-Kazakh!pw' },
  /** Kazakh only: answers the WhatsApp, Messenger, Instagram and mobile customers (meta, messenger, identity specs). */
  metaKk: { login: 'e2e.meta.op', name: 'Ерлан', role: 'operator', password: 'M3ta-Kazakh!pw' },
  /** Reads the audit journal. */
  auditor: { login: 'e2e.auditor', name: 'Нина Аудитор', role: 'auditor', password: 'Aud1tor-Nina!pw' },
} as const;

export const CHANNELS = {
  ru: { name: 'E2E site (1–5)', key: 'e2e-five', scale: 5 },
  uz: { name: 'E2E site (1–10)', key: 'e2e-ten', scale: 10 },
  /** The dashboard spec's own channel, so its counts are its own. */
  dash: { name: 'E2E dashboard', key: 'e2e-dash', scale: 5 },
  /** The identity spec's site, where the bank signs who the customer is. */
  signed: { name: 'E2E signed site', key: 'e2e-signed', scale: 5 },
} as const;

export type Staff = (typeof STAFF)[keyof typeof STAFF];

/** RFC 6238 code (HMAC-SHA1, 30 s, 6 digits) of a Base32 secret at a time step. */
export function totpCode(secret: string, step = Math.floor(Date.now() / 30_000)): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hash = createHmac('sha1', key).update(counter).digest();
  const offset = hash[19] & 0x0f;
  const binary = (hash.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return binary.toString().padStart(6, '0');
}

/** Fills the sign-in form; for an account with a second factor, also the code (waiting
 * for the next 30-second step when this step's code was used already). */
export async function submitSignIn(page: Page, login: string, password: string, totp?: string) {
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  if (!totp) return;
  const code = page.locator('input[name=code]');
  await expect(code).toBeVisible();
  for (let attempt = 0; attempt < 3; attempt++) {
    // The server accepts the previous, current and next step's code, each once: try the
    // current one, then the next, and only then wait for a fresh step.
    const step = Math.floor(Date.now() / 30_000) + (attempt === 1 ? 1 : 0);
    // Before hydration the form posts without JavaScript and the page comes back empty
    // but for the code field: fill everything again.
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill(password);
    await code.fill(totpCode(totp, step));
    await page.locator('form button[type=submit]').click();
    const left = await page
      .waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (left) return;
    // Both were used by earlier sign-ins: the step after brings a new one.
    if (attempt === 1) await page.waitForTimeout(2 * 30_000 - (Date.now() % 30_000) + 500);
  }
}

/** A staff browser context with the interface language set, signed in. */
export async function signIn(browser: Browser, who: Staff, locale = 'ru'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'i18n_pref_locale', value: locale, url: 'http://127.0.0.1:3000' }]);
  const page = await context.newPage();
  echoBrowserErrors(page, who.login);
  await page.goto('/login');
  await submitSignIn(page, who.login, who.password, 'totp' in who ? who.totp : undefined);
  await expect(page).not.toHaveURL(/\/login/);
  return { context, page };
}

/** Prints the page's uncaught errors and console errors (a WASM panic lands here) to the test log. */
export function echoBrowserErrors(page: Page, who: string) {
  page.on('pageerror', (e) => console.log(`[browser ${who}] uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log(`[browser ${who}] ${m.type()}: ${m.text()}`);
  });
}

/** A customer on the bank's own site (another site), with the chat opened. */
export async function openWidget(
  page: Page,
  channel: string,
  lang: string,
  identity?: { identifier: string; hash: string },
): Promise<FrameLocator> {
  const signed = identity ? `&identifier=${encodeURIComponent(identity.identifier)}&identifier_hash=${identity.hash}` : '';
  await page.goto(`http://localhost:4100/?channel=${channel}&lang=${lang}${signed}`);
  const frame = page.frameLocator('iframe[data-cc-widget]');
  await frame.locator('button.launcher').click();
  await expect(frame.locator('section.panel')).toBeVisible();
  return frame;
}

export async function customerSends(frame: FrameLocator, text: string) {
  await frame.locator('.composer textarea').fill(text);
  await frame.locator('.composer button[type=submit]').click();
}

/** Waits until the header's state switch is live in the browser (hydrated). */
export async function stateSwitchReady(page: Page) {
  await expect(page.getByTestId('state-switch')).toHaveAttribute('data-ready', 'true');
}

/** Switches the signed-in operator's state in the header and waits for it to hold. */
export async function setState(page: Page, code: string, label: string) {
  await stateSwitchReady(page);
  const state = page.getByRole('combobox', { name: 'Статус' });
  await state.selectOption(code);
  await expect(state.locator('option:checked')).toHaveText(label);
}

/** Waits until the page's content is live in the browser (hydrated up to its marker). */
export async function pageLive(page: Page) {
  await expect(page.getByTestId('live')).toHaveAttribute('data-live', 'true');
}

/** Closes every conversation still waiting in the queue, as a supervisor through the
 * API: a spec whose customers were meant to wait cleans up after itself, so the next
 * spec's operators receive only their own customers. */
export async function clearQueue(browser: Browser) {
  const { context, page } = await signIn(browser, STAFF.supervisor);
  const snapshot = await page.request.post('/api/workspace_snapshot', { form: {} });
  expect(snapshot.ok()).toBeTruthy();
  const { queue } = (await snapshot.json()) as { queue: { id: number }[] };
  for (const { id } of queue) {
    const closed = await page.request.post('/api/close_conversation', { form: { id: String(id) } });
    expect(closed.ok()).toBeTruthy();
  }
  await context.close();
}
