// The semi-annual activity report (order 443, appendix 2): an administrator fills the
// rows the data cannot, in Russian and in Kazakh; the form shows them with the computed
// rows; a supervisor downloads it in Kazakh as Excel and in Russian as PDF, both read back.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { STAFF, pageLive, signIn } from './fixtures';

test('the semi-annual form is filled, shown in both languages and downloaded', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const admin = await signIn(browser, STAFF.admin);
  await admin.page.goto('/reports/semiannual?year=2026&half=2&lang=ru');
  await pageLive(admin.page);
  const answers = admin.page.getByTestId('semiannual-answers');
  await expect(answers.locator('tr[data-row="1"]')).toBeVisible();
  await answers.getByLabel('1 — Русский', { exact: true }).fill(`Контакт-центр E2E ${stamp}`);
  await answers.getByLabel('1 — Қазақша', { exact: true }).fill(`E2E байланыс орталығы ${stamp}`);
  await answers.getByLabel('20 — Русский', { exact: true }).fill('0');
  await answers.getByLabel('20 — Қазақша', { exact: true }).fill('0');
  await answers.getByRole('button', { name: 'Сохранить ответы' }).click();
  await expect(answers.getByText('Ответы сохранены.')).toBeVisible();
  const table = admin.page.getByTestId('semiannual-table');
  await expect(table.locator('tr[data-row="1"] td.value')).toHaveText(`Контакт-центр E2E ${stamp}`);
  await expect(table.locator('tr[data-row="13"]')).toHaveClass(/computed/);
  await admin.page.screenshot({ path: 'test-results/semiannual-ru.png', fullPage: true });

  await admin.page.getByLabel('Язык формы').selectOption('kk');
  await admin.page.getByRole('button', { name: 'Показать' }).click();
  await expect(admin.page).toHaveURL(/lang=kk/);
  await expect(table.locator('tr[data-row="1"] td.value')).toHaveText(`E2E байланыс орталығы ${stamp}`);
  await expect(admin.page.getByRole('heading', { name: 'Байланыс орталығының қызметі туралы есеп' })).toBeVisible();

  const sup = await signIn(browser, STAFF.supervisor);
  await sup.page.goto('/reports/semiannual?year=2026&half=2&lang=kk');
  await pageLive(sup.page);
  const xlsxDownload = sup.page.waitForEvent('download');
  await sup.page.getByRole('link', { name: 'Скачать Excel' }).click();
  // openpyxl reads a workbook only under an .xlsx name.
  const xlsx = `test-results/${(await xlsxDownload).suggestedFilename()}`;
  await (await xlsxDownload).saveAs(xlsx);
  const cells = execFileSync('python3', [
    '-c',
    'import json,sys,openpyxl; ws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]; print(json.dumps([str(c.value) for r in ws.iter_rows() for c in r if c.value is not None], ensure_ascii=False))',
    xlsx,
  ]).toString();
  expect(cells).toContain('Байланыс орталығының қызметі туралы есеп');
  expect(cells).toContain(`E2E байланыс орталығы ${stamp}`);

  await sup.page.getByLabel('Язык формы').selectOption('ru');
  await sup.page.getByRole('button', { name: 'Показать' }).click();
  await expect(sup.page).toHaveURL(/lang=ru/);
  const pdfDownload = sup.page.waitForEvent('download');
  await sup.page.getByRole('link', { name: 'Скачать PDF' }).click();
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', await (await pdfDownload).path(), '-']).toString();
  expect(text).toContain('Отчет по деятельности контакт-центра');
  expect(text).toContain(`Контакт-центр E2E ${stamp}`);
  expect(text).toContain('Адресная часть');

  await admin.context.close();
  await sup.context.close();
});
