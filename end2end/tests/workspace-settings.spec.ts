// The workspace settings page (TS 8.7, 9.3): an administrator sets the waiting
// indicators' thresholds, a channel's inactivity auto-close, and the file limits; wrong
// values are refused with a translated error and what was typed stays; an operator has
// no such page. Everything changed is put back, so other specs see the defaults.
import { test, expect } from '@playwright/test';
import { CHANNELS, STAFF, pageLive, signIn } from './fixtures';

const REFUSED = 'Значение не заполнено или вне допустимого диапазона. Ничего не сохранено.';

test('an administrator sets thresholds, inactivity and file limits; wrong values are refused', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.admin);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole('link', { name: 'Настройки рабочего места' }).click();
  await expect(page).toHaveURL(/\/settings\/workspace/);
  await page.reload();
  await pageLive(page);

  // Thresholds: yellow after red is refused, the typed values stay; then saved for real.
  const thresholds = page.getByTestId('thresholds');
  const warn = thresholds.getByLabel('Ждёт клиент — жёлтый после, с');
  const alert = thresholds.getByLabel('Ждёт клиент — красный после, с');
  const [warnBefore, alertBefore] = [await warn.inputValue(), await alert.inputValue()];
  await warn.fill('200');
  await alert.fill('100');
  await thresholds.getByRole('button', { name: 'Сохранить' }).click();
  await expect(thresholds.getByRole('alert')).toHaveText(REFUSED);
  await expect(warn).toHaveValue('200');
  await expect(alert).toHaveValue('100');
  await alert.fill('400');
  await thresholds.getByRole('button', { name: 'Сохранить' }).click();
  await expect(thresholds.getByRole('status')).toHaveText('Сохранено');
  await page.reload();
  await pageLive(page);
  await expect(warn).toHaveValue('200');
  await expect(alert).toHaveValue('400');

  // A channel's inactivity: zero minutes is refused and kept; a real value is saved.
  const row = page.locator('tr', { hasText: CHANNELS.uz.name });
  const close = row.getByLabel('Закрыть через, мин');
  const warning = row.getByLabel('Предупредить за, мин');
  const [closeBefore, warningBefore] = [await close.inputValue(), await warning.inputValue()];
  await close.fill('0');
  await row.getByRole('button', { name: 'Сохранить' }).click();
  await expect(row.getByRole('alert')).toHaveText(REFUSED);
  await expect(close).toHaveValue('0');
  await close.fill('600');
  await warning.fill('10');
  await row.getByRole('button', { name: 'Сохранить' }).click();
  await expect(row.getByRole('status')).toHaveText('Сохранено');

  // File limits: a new largest size is saved and shown after a reload.
  const maxKb = page.getByLabel('Наибольший размер файла, КБ');
  const maxBefore = await maxKb.inputValue();
  await maxKb.fill('4096');
  await page.locator('.file-limits').getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Ограничения для файлов сохранены.')).toBeVisible();
  await page.screenshot({ path: 'test-results/workspace-settings.png', fullPage: true });
  await page.reload();
  await pageLive(page);
  await expect(maxKb).toHaveValue('4096');
  await expect(close).toHaveValue('600');
  await expect(warning).toHaveValue('10');

  // Back as it was.
  await maxKb.fill(maxBefore);
  await page.locator('.file-limits').getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Ограничения для файлов сохранены.')).toBeVisible();
  await close.fill(closeBefore);
  await warning.fill(warningBefore);
  await row.getByRole('button', { name: 'Сохранить' }).click();
  await expect(row.getByRole('status')).toHaveText('Сохранено');
  await warn.fill(warnBefore);
  await alert.fill(alertBefore);
  await thresholds.getByRole('button', { name: 'Сохранить' }).click();
  await expect(thresholds.getByRole('status')).toHaveText('Сохранено');
  await context.close();
});

test('an operator has no workspace settings', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.operator);
  await expect(page.getByRole('link', { name: 'Настройки рабочего места' })).toHaveCount(0);
  const response = await page.goto('/settings/workspace');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Доступ запрещён' })).toBeVisible();
  await context.close();
});
