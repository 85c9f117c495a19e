// Personal statistics (TS 8.6): a Kazakh-speaking operator handles two conversations
// (replies, closes; one customer rates), then finds them on /me/stats for today with
// average handling and first-response times and the rating.
import { test, expect, type FrameLocator } from '@playwright/test';
import { CHANNELS, STAFF, customerSends, openWidget, pageLive, setState, signIn } from './fixtures';

test('an operator sees today’s handled conversations, averages and rating in their statistics', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const { context, page } = await signIn(browser, STAFF.statsOperator);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/workspace');
  await setState(page, 'available', 'Доступен');

  const customers: { close: () => Promise<void>; widget: FrameLocator }[] = [];
  for (const n of [1, 2]) {
    const customerContext = await browser.newContext();
    const widget = await openWidget(await customerContext.newPage(), CHANNELS.ru.key, 'kk');
    customers.push({ close: () => customerContext.close(), widget });
    const text = `Сәлеметсіз бе, ${n}-сұрақ ${stamp}`;
    await customerSends(widget, text);

    // Routing gives it to the only Kazakh-speaking operator on duty.
    const row = page.getByTestId('mine').locator('li', { hasText: text });
    await expect(row).toBeVisible();
    await row.locator('a.row').click();
    await expect(page).toHaveURL(/\/workspace\?c=\d+/);
    await expect(page.getByTestId('messages').getByText(text)).toBeVisible();
    const reply = `Сәлеметсіз бе! ${n} ${stamp}`;
    await page.locator('.composer textarea').fill(reply);
    await page.locator('.composer textarea').press('Enter');
    await expect(widget.locator('.message.theirs .body', { hasText: reply })).toBeVisible();
    await page.getByRole('button', { name: 'Завершить диалог' }).click();
    await expect(page.getByTestId('conversation-status')).toHaveText('Завершён');
  }
  // The first customer rates 4 of 5.
  const scores = customers[0].widget.locator('.scores button');
  await expect(scores).toHaveCount(5);
  await scores.nth(3).click();
  await expect(customers[0].widget.getByText('Бағаңызға рахмет!')).toBeVisible();

  await page.getByRole('link', { name: 'Моя статистика' }).click();
  await expect(page).toHaveURL(/\/me\/stats/);
  await pageLive(page);
  const figures = page.getByTestId('stats-figures');
  await expect(figures.locator('[data-figure=handled] dd')).toHaveText('2');
  await expect(figures.locator('[data-figure=handling] dd')).toHaveText(/^\d+:\d{2}:\d{2}$/);
  await expect(figures.locator('[data-figure=first-response] dd')).toHaveText(/^\d+:\d{2}:\d{2}$/);
  await expect(figures.locator('[data-figure=rating] dd')).toHaveText('4.00 из 5 (оценок: 1)');
  await expect(page.getByTestId('stats-states').locator('tr[data-state=available] td.duration')).not.toHaveText('0:00:00');
  await page.screenshot({ path: 'test-results/personal-stats.png' });

  // A period ending before it starts is refused with a clear message; the form keeps it.
  await page.getByLabel('С', { exact: true }).fill('2026-03-10');
  await page.getByLabel('По', { exact: true }).fill('2026-03-01');
  await page.getByRole('button', { name: 'Показать' }).click();
  await expect(page.getByText('Начало периода позже его конца.')).toBeVisible();
  await expect(page.getByLabel('С', { exact: true })).toHaveValue('2026-03-10');
  // A past day without work shows zeros and dashes, not an error.
  await page.getByLabel('По', { exact: true }).fill('2026-03-10');
  await page.getByRole('button', { name: 'Показать' }).click();
  await expect(figures.locator('[data-figure=handled] dd')).toHaveText('0');
  await expect(figures.locator('[data-figure=handling] dd')).toHaveText('—');

  await page.goto('/workspace');
  await setState(page, 'offline', 'Не в сети');
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login/);
  for (const c of customers) await c.close();
  await context.close();
});
