// The language switchers of the workspace and the widget, and that they persist.
import { test, expect } from '@playwright/test';
import { CHANNELS, STAFF, openWidget, signIn, stateSwitchReady } from './fixtures';

test('the workspace language switch changes every label and survives a reload', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.operator2, 'ru');
  await page.goto('/workspace');
  await expect(page.getByRole('heading', { name: 'Очередь' })).toBeVisible();
  await stateSwitchReady(page);
  await page.getByRole('combobox', { name: 'Язык' }).selectOption('kk');
  await expect(page.getByRole('heading', { name: 'Кезек' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Шығу' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Кезек' })).toBeVisible();
  await stateSwitchReady(page);
  await page.getByRole('combobox', { name: 'Тіл' }).selectOption('uz-Latn');
  await expect(page.getByRole('heading', { name: 'Navbat' })).toBeVisible();
  await page.screenshot({ path: 'test-results/workspace-uz-latn.png' });
  await context.close();
});

test('the widget language switch survives a reload of the bank page', async ({ page }) => {
  const widget = await openWidget(page, CHANNELS.ru.key, 'ru');
  await expect(widget.getByRole('heading', { name: 'Чат с банком' })).toBeVisible();
  await widget.getByRole('combobox', { name: 'Язык' }).selectOption('uz-Cyrl');
  await expect(widget.getByRole('heading', { name: 'Банк билан чат' })).toBeVisible();
  await page.reload();
  const again = page.frameLocator('iframe[data-cc-widget]');
  await again.locator('button.launcher').click();
  await expect(again.getByRole('heading', { name: 'Банк билан чат' })).toBeVisible();
  await expect(again.locator('.composer textarea')).toHaveAttribute('placeholder', 'Хабарингиз…');
});
