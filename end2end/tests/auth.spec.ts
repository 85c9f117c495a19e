// Sign-in, lockout, permissions, forged sessions, sign-out.
import { test, expect } from '@playwright/test';
import { STAFF, signIn } from './fixtures';

test('a wrong password gets a translated error and the form keeps working', async ({ page, context }) => {
  await context.addCookies([{ name: 'i18n_pref_locale', value: 'uz-Latn', url: 'http://127.0.0.1:3000' }]);
  await page.goto('/login');
  await page.locator('input[name=login]').fill(STAFF.operator.login);
  await page.locator('input[name=password]').fill('Wrong-Password-1!');
  await page.locator('form button[type=submit]').click();
  await expect(page.getByRole('alert')).toHaveText('Login yoki parol noto‘g‘ri.');
  await expect(page).toHaveURL(/\/login/);
});

test('five failures lock the account, even for the right password', async ({ page }) => {
  await page.goto('/login');
  for (let i = 0; i < 5; i++) {
    await page.locator('input[name=login]').fill(STAFF.lockme.login);
    await page.locator('input[name=password]').fill(`Wrong-Password-${i}!`);
    await page.locator('form button[type=submit]').click();
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await expect(page.getByRole('alert')).toContainText('заблокирована на 15 мин');
  await page.locator('input[name=login]').fill(STAFF.lockme.login);
  await page.locator('input[name=password]').fill(STAFF.lockme.password);
  await page.locator('form button[type=submit]').click();
  await expect(page.getByRole('alert')).toContainText('заблокирована');
  await expect(page).toHaveURL(/\/login/);
});

test('an operator gets a translated 403 on the staff page; an administrator sees it', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.operator, 'en');
  const response = await page.goto('/admin/staff');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await context.close();

  const admin = await signIn(browser, STAFF.admin, 'kk');
  await expect(admin.page).toHaveURL(/\/admin\/staff/);
  await expect(admin.page.getByRole('heading', { name: 'Қызметкерлер' })).toBeVisible();
  await expect(admin.page.getByRole('cell', { name: STAFF.operator.login })).toBeVisible();
  await admin.context.close();
});

test('a forged session cookie sends the user to sign in, with a notice', async ({ context, page }) => {
  await context.addCookies([{ name: 'cc_session', value: 'f'.repeat(64), url: 'http://127.0.0.1:3000' }]);
  await page.goto('/workspace');
  await expect(page).toHaveURL(/\/login\?next=\/workspace&expired=1/);
  await expect(page.getByRole('status')).toHaveText('Сеанс истёк. Войдите снова.');
});

test('signing out ends the session on the server', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.supervisor);
  await expect(page).toHaveURL(/\/workspace/);
  const [cookie] = (await context.cookies()).filter((c) => c.name === 'cc_session');
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Lax');
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login/);
  // The old token is dead even if someone kept it.
  const replay = await browser.newContext();
  await replay.addCookies([cookie]);
  const again = await replay.newPage();
  await again.goto('/workspace');
  await expect(again).toHaveURL(/\/login/);
  await replay.close();
  await context.close();
});
