// The supervisors' live dashboard: ECharts (served by the product itself) draws the
// charts; a customer who writes on the filtered channel shows up in the figures without
// a reload; the period switch and the filters live in the address. Operators are refused.
import { test, expect } from '@playwright/test';
import { CHANNELS, STAFF, clearQueue, customerSends, openWidget, pageLive, signIn } from './fixtures';

test('the dashboard draws its charts and updates live', async ({ browser }) => {
  const sup = await signIn(browser, STAFF.supervisor);
  await sup.page.setViewportSize({ width: 1440, height: 1000 });
  await sup.page.getByRole('link', { name: 'Дашборд' }).click();
  await expect(sup.page).toHaveURL(/\/supervision\/dashboard/);
  await pageLive(sup.page);

  // Only the dashboard's own channel.
  await sup.page.locator('select[name=channel]').selectOption({ label: CHANNELS.dash.name });
  await sup.page.getByRole('button', { name: 'Применить' }).click();
  await expect(sup.page).toHaveURL(/channel=\d+/);
  await pageLive(sup.page);
  const figure = (code: string) => sup.page.getByTestId('dashboard-figures').locator(`[data-figure=${code}] dd`);
  await expect(figure('total')).toHaveText(/^\d+$/);
  const before = Number(await figure('total').innerText());

  // ECharts drew every chart (a canvas in each container).
  for (const id of ['chart-operators', 'chart-states', 'chart-channels', 'chart-statuses', 'chart-hours']) {
    await expect(sup.page.getByTestId(id).locator('canvas')).toHaveCount(1);
  }

  // A customer writes: the dashboard counts them without a reload.
  const customerContext = await browser.newContext();
  const widget = await openWidget(await customerContext.newPage(), CHANNELS.dash.key, 'en');
  await customerSends(widget, `Dashboard question ${Date.now().toString(36)}`);
  await expect(figure('total')).toHaveText(String(before + 1));
  await expect(figure('peak')).not.toHaveText('—');
  await expect(sup.page.getByTestId('kpi-table').locator('tr[data-kpi=wait]')).toBeVisible();
  await sup.page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });

  // The period switch keeps the channel and counts at least as many.
  await sup.page.locator('select[name=period]').selectOption('year');
  await sup.page.getByRole('button', { name: 'Применить' }).click();
  await expect(sup.page).toHaveURL(/period=year/);
  await expect(sup.page).toHaveURL(/channel=\d+/);
  await expect.poll(async () => Number(await figure('total').innerText())).toBeGreaterThanOrEqual(before + 1);

  // Operators may not see it.
  const op = await signIn(browser, STAFF.operator);
  const refused = await op.page.goto('/supervision/dashboard');
  expect(refused?.status()).toBe(403);

  await customerContext.close();
  await op.context.close();
  await sup.context.close();
  await clearQueue(browser);
});
