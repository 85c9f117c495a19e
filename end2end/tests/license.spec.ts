// Concurrent licensing (TS 14): an administrator sees the license in force and the seats
// in use, refuses a forged file, loads new files without a restart; when every seat is
// taken an operator starting work is told so, and gets a seat once there is room.
import { test, expect } from '@playwright/test';
import { createPrivateKey, sign } from 'node:crypto';
import { STAFF, pageLive, setState, signIn, stateSwitchReady } from './fixtures';

/** A license file as `server license sign` writes it, signed with the run's key. */
function licenseFile(licensee: string, operators: number): string {
  const terms = JSON.stringify({
    id: `e2e-${licensee}-${operators}-${Date.now()}`,
    licensee,
    max_operators: operators,
    issued: new Date().toISOString().slice(0, 10),
    expires: null,
  });
  const b64url = (b64: string) => Buffer.from(b64, 'base64').toString('base64url');
  const key = createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      d: b64url(process.env.CC_E2E_LICENSE_PRIVATE_KEY!),
      x: b64url(process.env.CC_LICENSE_PUBLIC_KEY!),
    },
  });
  return `${terms}\n${sign(null, Buffer.from(terms), key).toString('base64')}\n`;
}

test('licenses load without a restart, and a full house is explained to the operator', async ({ browser }) => {
  // One operator at work holds a seat, whatever ran before.
  const working = await signIn(browser, STAFF.operator2);
  await working.page.goto('/workspace');
  await setState(working.page, 'available', 'Доступен');

  const admin = await signIn(browser, STAFF.admin, 'en');
  await admin.page.getByRole('link', { name: 'License' }).click();
  await expect(admin.page.getByRole('heading', { name: 'License and operator seats' })).toBeVisible();
  await pageLive(admin.page);
  await expect(admin.page.getByTestId('licensee')).toHaveText('E2E Bank');
  const form = admin.page.getByTestId('license-form');

  // A changed file is refused, with nothing changed.
  const forged = licenseFile('Forged Bank', 100).replace('"max_operators":100', '"max_operators":1000');
  await form.locator('textarea').fill(forged);
  await form.getByRole('button', { name: 'Load' }).click();
  await expect(form.getByRole('alert')).toHaveText('This is not a license file signed for this product. Nothing was changed.');
  await expect(admin.page.getByTestId('licensee')).toHaveText('E2E Bank');

  // A license with exactly the seats now in use: the next operator is refused.
  const seats = admin.page.getByTestId('seats');
  const inUse = Number((await seats.textContent())!.match(/(\d+) of/)![1]);
  expect(inUse).toBeGreaterThan(0);
  await form.locator('textarea').fill(licenseFile('Full House Bank', inUse));
  await form.getByRole('button', { name: 'Load' }).click();
  await expect(form.getByRole('status')).toHaveText('License loaded.');
  await expect(admin.page.getByTestId('licensee')).toHaveText('Full House Bank');

  const expert = await signIn(browser, STAFF.expert);
  await expert.page.goto('/workspace');
  await stateSwitchReady(expert.page);
  const state = expert.page.getByRole('combobox', { name: 'Статус' });
  await state.selectOption('available');
  await expect(expert.page.getByRole('alert')).toContainText(`Все ${inUse} лицензий операторов заняты`);
  // The list still shows the state the operator is in.
  await expect(state.locator('option:checked')).toHaveText('Не в сети');
  await expert.page.screenshot({ path: 'test-results/license-full.png', fullPage: true });

  // A bigger license, loaded while everyone works: room at once.
  await form.locator('textarea').fill(licenseFile('E2E Bank', 200));
  await form.getByRole('button', { name: 'Load' }).click();
  await expect(admin.page.getByTestId('licensee')).toHaveText('E2E Bank');
  await state.selectOption('available');
  await expect(state.locator('option:checked')).toHaveText('Доступен');

  // The expert's seat shows on the page with its history; signing out frees it.
  await admin.page.reload();
  await pageLive(admin.page);
  await expect(admin.page.getByTestId('seat-holders')).toContainText(STAFF.expert.login);
  await expect(admin.page.getByTestId('seat-history').locator('tr[data-kind=loaded]').first()).toContainText('license loaded');
  await admin.page.screenshot({ path: 'test-results/license-page.png', fullPage: true });
  await expert.page.getByRole('button', { name: 'Выйти' }).click();
  await expect(expert.page).toHaveURL(/\/login/);
  await admin.page.reload();
  await pageLive(admin.page);
  await expect(admin.page.getByTestId('seat-holders')).not.toContainText(STAFF.expert.login);
  await expect(admin.page.getByTestId('seat-history').locator('tbody tr').first()).toContainText('seat freed: signed out');

  // Leave the suite's own license in force.
  await form.locator('textarea').fill(licenseFile('E2E Bank', 200));
  await form.getByRole('button', { name: 'Load' }).click();
  await expect(form.getByRole('status')).toBeVisible();
  await working.page.getByRole('button', { name: 'Выйти' }).click();
  await expect(working.page).toHaveURL(/\/login/);
  await working.context.close();
  await expert.context.close();
  await admin.context.close();
});
