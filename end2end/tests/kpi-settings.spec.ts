// KPI thresholds (order 443, appendix 1): an administrator changes them on the KPI page;
// a value out of range is refused with a translated message and the typed values stay;
// the saved thresholds show in the table after a reload.
import { test, expect } from '@playwright/test';
import { STAFF, pageLive, signIn } from './fixtures';

test('an administrator sets the KPI thresholds; wrong values are refused', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.admin);
  await page.getByRole('link', { name: 'Ключевые показатели' }).click();
  await expect(page).toHaveURL(/\/reports\/kpi/);
  await pageLive(page);

  const wait = page.getByLabel('Ожидание не более, с');
  const abandoned = page.getByLabel('Потерянные не более, %');
  await abandoned.fill('150');
  await page.getByRole('button', { name: 'Сохранить нормативы' }).click();
  await expect(page.locator('.kpi-thresholds [role=alert]')).toBeVisible();
  await expect(abandoned).toHaveValue('150');

  await wait.fill('45');
  await abandoned.fill('7.5');
  await page.getByRole('button', { name: 'Сохранить нормативы' }).click();
  await expect(page.getByText('Нормативы сохранены.')).toBeVisible();
  await expect(page.getByTestId('kpi-table').locator('tr[data-kpi=wait] td.threshold')).toHaveText('не более 45 с');

  await page.reload();
  await pageLive(page);
  await expect(page.getByLabel('Ожидание не более, с')).toHaveValue('45');
  await expect(page.getByTestId('kpi-table').locator('tr[data-kpi=abandoned] td.threshold')).toHaveText('не более 7.50 %');
  await page.screenshot({ path: 'test-results/kpi-settings.png', fullPage: true });

  // Back to the defaults, for other runs.
  await page.getByLabel('Ожидание не более, с').fill('60');
  await page.getByLabel('Потерянные не более, %').fill('10');
  await page.getByRole('button', { name: 'Сохранить нормативы' }).click();
  await expect(page.getByText('Нормативы сохранены.')).toBeVisible();
  await context.close();
});
