// The staff reports (TS 6.1): a supervisor opens the shift report (operators' actual
// shift start and end), switches to time in status and to satisfaction per operator,
// and downloads the shift report as Excel (read back).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { STAFF, pageLive, setState, signIn } from './fixtures';
import type { Download } from '@playwright/test';

/** openpyxl reads a workbook only under an .xlsx name. */
async function saved(download: Download): Promise<string> {
  const file = `test-results/${download.suggestedFilename()}`;
  await download.saveAs(file);
  return file;
}

test('shift, status-time and satisfaction reports show and download', async ({ browser }) => {
  // An operator works a moment: a shift opens when they become available, and closes at sign-out.
  const op = await signIn(browser, STAFF.operator2);
  await op.page.goto('/workspace');
  await setState(op.page, 'available', 'Доступен');
  await setState(op.page, 'offline', 'Не в сети');
  await op.page.getByRole('button', { name: 'Выйти' }).click();
  await expect(op.page).toHaveURL(/\/login/);

  const sup = await signIn(browser, STAFF.supervisor);
  await sup.page.goto('/reports/conversations');
  await sup.page.locator('.report-tabs').getByRole('link', { name: 'Сотрудники' }).click();
  await expect(sup.page).toHaveURL(/\/reports\/staff/);
  await pageLive(sup.page);
  await expect(sup.page.getByRole('heading', { name: 'Смены: фактические начало и конец' })).toBeVisible();
  const report = sup.page.getByTestId('staff-report');
  const row = report.locator('tbody tr', { hasText: STAFF.operator2.login }).last();
  await expect(row).toBeVisible();
  await expect(row.locator('td').nth(2)).toHaveText(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
  await expect(row.locator('td').nth(5)).toHaveText('Выход из системы');

  await sup.page.getByLabel('Отчёт', { exact: true }).selectOption('states');
  await sup.page.getByRole('button', { name: 'Показать' }).click();
  await expect(sup.page.getByRole('heading', { name: 'Время в статусах' })).toBeVisible();
  await expect(report.locator('tbody tr', { hasText: STAFF.operator2.login }).first()).toBeVisible();

  await sup.page.getByLabel('Отчёт', { exact: true }).selectOption('satisfaction');
  await sup.page.getByRole('button', { name: 'Показать' }).click();
  await expect(sup.page.getByRole('heading', { name: 'Удовлетворённость по операторам' })).toBeVisible();
  await expect(report.locator('thead th')).toHaveCount(10);
  await sup.page.screenshot({ path: 'test-results/staff-satisfaction.png', fullPage: true });

  await sup.page.getByLabel('Отчёт', { exact: true }).selectOption('shifts');
  await sup.page.getByRole('button', { name: 'Показать' }).click();
  await expect(sup.page.getByRole('heading', { name: 'Смены: фактические начало и конец' })).toBeVisible();
  const download = sup.page.waitForEvent('download');
  await sup.page.getByRole('link', { name: 'Скачать Excel' }).click();
  const cells = execFileSync('python3', [
    '-c',
    'import json,sys,openpyxl; ws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]; print(json.dumps([str(c.value) for r in ws.iter_rows() for c in r if c.value is not None], ensure_ascii=False))',
    await saved(await download),
  ]).toString();
  expect(cells).toContain('Смены: фактические начало и конец');
  expect(cells).toContain(STAFF.operator2.login);

  await op.context.close();
  await sup.context.close();
});
