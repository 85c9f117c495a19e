// The conversation report (TS 6.1): an operator closes one conversation as resolved and
// one as not; a supervisor filters the report by operator and by the mark, sorts it by a
// column both ways, gives a quality mark, groups it by operator, and downloads it as
// Excel (read back with openpyxl). Operators are refused the page.
import { test, expect, type FrameLocator } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { CHANNELS, STAFF, customerSends, openWidget, pageLive, setState, signIn } from './fixtures';

test('a supervisor filters, sorts, marks, groups and exports the conversation report', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const op = await signIn(browser, STAFF.reportsKk);
  await op.page.goto('/workspace');
  await setState(op.page, 'available', 'Доступен');

  const ids: number[] = [];
  const customers: { close: () => Promise<void>; widget: FrameLocator }[] = [];
  for (const n of [1, 2]) {
    const customerContext = await browser.newContext();
    const widget = await openWidget(await customerContext.newPage(), CHANNELS.ru.key, 'kk');
    customers.push({ close: () => customerContext.close(), widget });
    const text = `Есеп сұрағы ${n} ${stamp}`;
    await customerSends(widget, text);
    const row = op.page.getByTestId('mine').locator('li', { hasText: text });
    await expect(row).toBeVisible();
    await row.locator('a.row').click();
    await expect(op.page).toHaveURL(/\/workspace\?c=\d+/);
    ids.push(Number(new URL(op.page.url()).searchParams.get('c')));
    await expect(op.page.getByTestId('messages').getByText(text)).toBeVisible();
    await op.page.locator('.composer textarea').fill(`Жауап ${n}`);
    await op.page.locator('.composer textarea').press('Enter');
    await expect(widget.locator('.message.theirs .body', { hasText: `Жауап ${n}` })).toBeVisible();
    // The first is resolved (the default), the second is not.
    if (n === 2) await op.page.getByLabel('Не решён').check();
    await op.page.getByRole('button', { name: 'Завершить диалог' }).click();
    await expect(op.page.getByTestId('conversation-status')).toHaveText('Завершён');
  }
  const [first, second] = ids;
  await setState(op.page, 'offline', 'Не в сети');

  // Operators may not read reports.
  const refused = await op.page.goto('/reports/conversations');
  expect(refused?.status()).toBe(403);

  const sup = await signIn(browser, STAFF.supervisor);
  await sup.page.setViewportSize({ width: 1600, height: 1000 });
  await sup.page.getByRole('link', { name: 'Отчёты' }).click();
  await expect(sup.page).toHaveURL(/\/reports\/conversations/);
  await pageLive(sup.page);

  // Filter by the operator.
  await sup.page.getByLabel('Оператор', { exact: true }).selectOption({ label: STAFF.reportsKk.name });
  await sup.page.getByRole('button', { name: 'Применить' }).click();
  await expect(sup.page).toHaveURL(/operator=\d+/);
  await expect(sup.page.getByTestId('report-total')).toHaveText('Найдено диалогов: 2');
  const table = sup.page.getByTestId('report-table');
  const rowIds = () => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-id'))));
  const row = (id: number) => table.locator(`tbody tr[data-id="${id}"]`);
  await expect(row(first)).toContainText(`${STAFF.reportsKk.name} (${STAFF.reportsKk.login})`);
  await expect(row(first)).toContainText('Входящий');
  await expect(row(first).locator('td').nth(10)).toHaveText('Да');
  await expect(row(second).locator('td').nth(10)).toHaveText('Нет');
  await expect(row(first).locator('td').nth(5)).toHaveText(/^0:\d{2}:\d{2}$/);

  // Sort by number: ascending, then descending; the heading says which.
  await pageLive(sup.page);
  await table.getByRole('link', { name: '№' }).click();
  await expect(sup.page).toHaveURL(/sort=id/);
  await expect(table.locator('th[aria-sort=ascending]')).toHaveText('№');
  await expect.poll(rowIds).toEqual([first, second]);
  await table.getByRole('link', { name: '№' }).click();
  await expect(sup.page).toHaveURL(/desc=1/);
  await expect(table.locator('th[aria-sort=descending]')).toHaveText('№');
  await expect.poll(rowIds).toEqual([second, first]);

  // Only the unresolved one.
  await pageLive(sup.page);
  await sup.page.getByLabel('Решён', { exact: true }).selectOption('no');
  await sup.page.getByRole('button', { name: 'Применить' }).click();
  await expect(sup.page.getByTestId('report-total')).toHaveText('Найдено диалогов: 1');
  await expect.poll(rowIds).toEqual([second]);

  // A quality mark is saved at once and kept.
  await pageLive(sup.page);
  const mark = sup.page.getByLabel(`Оценка качества диалога ${second}`);
  await mark.selectOption('yes');
  await expect(row(second).locator('[data-saved=true]')).toBeVisible();
  await sup.page.reload();
  await pageLive(sup.page);
  await expect(sup.page.getByLabel(`Оценка качества диалога ${second}`)).toHaveValue('yes');

  // Grouped by operator: two conversations, one resolved and one not.
  await sup.page.getByLabel('Решён', { exact: true }).selectOption('');
  await sup.page.getByLabel('Сводка по').selectOption('operator');
  await sup.page.getByRole('button', { name: 'Применить' }).click();
  await expect(sup.page).toHaveURL(/group=operator/);
  const summary = sup.page.getByTestId('report-aggregate').locator('tbody tr', { hasText: STAFF.reportsKk.name });
  await expect(summary.locator('td').nth(0)).toHaveText('2');
  await expect(summary.locator('td').nth(2)).toHaveText('1');
  await expect(summary.locator('td').nth(3)).toHaveText('1');
  await sup.page.screenshot({ path: 'test-results/reports.png', fullPage: true });

  // The Excel file: a header and the operator's two conversations, newest first.
  // It is written in the background; the page shows its progress, then saves it.
  const download = sup.page.waitForEvent('download');
  await sup.page.getByRole('button', { name: 'Скачать Excel' }).click();
  await expect(sup.page.locator('.export-progress[data-ready="true"]')).toHaveText(/Файл готов: строк — 2\./);
  await expect(sup.page.locator('.export-progress progress')).toHaveAttribute('value', '2');
  await sup.page.locator('.exports').screenshot({ path: 'test-results/report-export-progress.png' });
  expect((await download).suggestedFilename()).toMatch(/^conversations-\d{8}-\d{4}\.xlsx$/);
  // openpyxl reads a workbook only under an .xlsx name.
  const file = `test-results/${(await download).suggestedFilename()}`;
  await (await download).saveAs(file);
  const read = execFileSync('python3', [
    '-c',
    'import json,sys,openpyxl; ws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]; print(json.dumps([[str(c.value) if c.value is not None else None for c in r] for r in ws.iter_rows()]))',
    file,
  ]);
  const cells = JSON.parse(read.toString()) as (string | null)[][];
  expect(cells[0].slice(0, 3)).toEqual(['№', 'Логин оператора', 'Оператор']);
  expect(cells.slice(1).map((r) => Number(r[0]))).toEqual([second, first]);
  expect(cells[1][1]).toBe(STAFF.reportsKk.login);
  expect(cells[1][11]).toBe('Нет');
  expect(cells[1][15]).toBe('Да');

  // The PDF: the same report, printed with an embedded font.
  const pdfDownload = sup.page.waitForEvent('download');
  await sup.page.getByRole('link', { name: 'Скачать PDF' }).click();
  const pdf = await (await pdfDownload).path();
  expect((await pdfDownload).suggestedFilename()).toMatch(/^conversations-\d{8}-\d{4}\.pdf$/);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-']).toString();
  expect(text).toContain('Отчёт по диалогам');
  expect(text).toContain('Логин');
  expect(text).toContain(STAFF.reportsKk.name);
  expect(text).toContain('Найдено диалогов: 2');

  // The KPI page shows the five indicators, each met, missed or without data.
  await sup.page.getByRole('link', { name: 'Ключевые показатели' }).click();
  await expect(sup.page).toHaveURL(/\/reports\/kpi/);
  const kpis = sup.page.getByTestId('kpi-table');
  await expect(kpis.locator('tbody tr')).toHaveCount(5);
  await expect(kpis.locator('tr[data-kpi=accuracy] td.status')).toHaveText(/В норме|Не выполнен|Нет данных/);
  await sup.page.screenshot({ path: 'test-results/kpi.png', fullPage: true });

  for (const c of customers) await c.close();
  await op.context.close();
  await sup.context.close();
});
