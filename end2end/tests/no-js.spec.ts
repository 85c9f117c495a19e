// Server-rendered pages work with JavaScript switched off.
import { test, expect } from '@playwright/test';
import { STAFF } from './fixtures';

test.use({ javaScriptEnabled: false });

test('sign-in and the workspace render and work without JavaScript', async ({ page }) => {
  await page.goto('/workspace');
  await expect(page).toHaveURL(/\/login\?next=\/workspace/);
  await expect(page.getByRole('heading', { name: 'Вход для сотрудников' })).toBeVisible();
  await page.locator('input[name=login]').fill(STAFF.supervisor.login);
  await page.locator('input[name=password]').fill(STAFF.supervisor.password);
  await page.locator('form button[type=submit]').click();
  await expect(page).toHaveURL(/\/workspace/);
  await expect(page.getByRole('heading', { name: 'Очередь' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Мои диалоги' })).toBeVisible();
});

test('the 403 page renders without JavaScript', async ({ page }) => {
  await page.goto('/login');
  await page.locator('input[name=login]').fill(STAFF.operator2.login);
  await page.locator('input[name=password]').fill(STAFF.operator2.password);
  await page.locator('form button[type=submit]').click();
  await expect(page).toHaveURL(/\/workspace/);
  const response = await page.goto('/admin/staff');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Доступ запрещён' })).toBeVisible();
});
