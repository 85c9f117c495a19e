// The customer card and history search: a Kazakh customer writes twice; the operator
// sees the earlier conversation in the card, opens it inline, leaves a note that
// stays, and finds the first conversation again on the history page.
import { test, expect, type Page, type WebSocketRoute } from '@playwright/test';
import { CHANNELS, STAFF, customerSends, openWidget, pageLive, setState, signIn } from './fixtures';

test('the card shows the earlier conversation inline and keeps notes; history finds it highlighted', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const customerContext = await browser.newContext();
  // The test's hand on the customer's socket (see "writes again" below).
  let server: WebSocketRoute | undefined;
  await customerContext.routeWebSocket(/\/ws\/widget/, (ws) => {
    server = ws.connectToServer();
  });
  const widget = await openWidget(await customerContext.newPage(), CHANNELS.uz.key, 'kk');

  const { context, page } = await signIn(browser, STAFF.historyKk);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/workspace');
  await setState(page, 'available', 'Доступен');

  // First conversation: assigned by routing, answered, closed.
  const first = `Картам бұғатталды ${stamp}`;
  await customerSends(widget, first);
  const firstRow = page.getByTestId('mine').locator('li', { hasText: first });
  await firstRow.click();
  await expect(page).toHaveURL(/\/workspace\?c=\d+/);
  const firstId = new URL(page.url()).searchParams.get('c')!;
  const reply = `Қазір тексеремін ${stamp}`;
  await page.locator('.composer textarea').fill(reply);
  await page.locator('.composer textarea').press('Enter');
  await expect(page.getByTestId('messages').getByText(reply)).toBeVisible();
  const card = page.getByTestId('customer-card');
  await expect(card.getByText('Других диалогов с клиентом нет.')).toBeVisible();
  await expect(card.getByTestId('card-past').locator('li')).toHaveCount(0);
  await page.getByRole('button', { name: 'Завершить диалог' }).click();
  await expect(widget.getByText('Оператордың жұмысын бағалаңыз:')).toBeVisible();

  // The customer writes again later. After a close the widget offers rating and
  // "resume"; a new question is what the widget's socket sends as a message, which
  // opens a new conversation for the same customer.
  const second = `Тағы бір сұрақ ${stamp}`;
  await expect.poll(() => server !== undefined).toBe(true);
  server!.send(JSON.stringify({ type: 'send', client_id: crypto.randomUUID(), body: second }));
  const secondRow = page.getByTestId('mine').locator('li', { hasText: second });
  await secondRow.click();
  await expect(page).not.toHaveURL(new RegExp(`c=${firstId}$`));
  await expect(page.getByTestId('messages').getByText(second)).toBeVisible();

  // The card: the earlier conversation, opened inline, read only.
  const past = card.getByTestId('card-past').locator('li.past-conversation');
  await expect(past).toHaveCount(1);
  await expect(past).toHaveAttribute('data-conversation', firstId);
  await expect(past).toContainText('Завершён');
  await expect(past).toContainText(STAFF.historyKk.name);
  await cardLive(page);
  await past.getByRole('button').click();
  await expect(past.getByRole('button')).toHaveAttribute('aria-expanded', 'true');
  const pastMessages = past.getByTestId('past-messages');
  await expect(pastMessages.getByText(first)).toBeVisible();
  await expect(pastMessages.getByText(reply)).toBeVisible();
  await expect(card.getByTestId('card-language')).toHaveText('Қазақша');

  // A note, kept after a reload.
  const note = `Предпочитает казахский язык ${stamp}`;
  await card.getByRole('textbox', { name: 'Заметка о клиенте для коллег…' }).fill(note);
  await card.getByRole('button', { name: 'Добавить заметку' }).click();
  const notes = card.getByTestId('card-notes');
  await expect(notes.locator('li', { hasText: note })).toContainText(STAFF.historyKk.name);
  await page.screenshot({ path: 'test-results/workspace-customer-card.png' });
  await page.reload();
  await expect(page.getByTestId('customer-card').getByTestId('card-notes').locator('li', { hasText: note })).toBeVisible();

  // The card folds away and comes back.
  await cardLive(page);
  const toggle = page.getByRole('button', { name: 'Скрыть карточку клиента' });
  await toggle.click();
  await expect(page.getByTestId('customer-card')).toHaveClass(/collapsed/);
  await page.screenshot({ path: 'test-results/workspace-card-collapsed.png' });
  await page.getByRole('button', { name: 'Показать карточку клиента' }).click();
  await expect(page.getByTestId('card-notes')).toBeVisible();

  // History: words of the first conversation, the last one only begun, highlighted.
  await page.getByRole('link', { name: 'История', exact: true }).click();
  await expect(page).toHaveURL(/\/history/);
  await pageLive(page);
  await page.getByRole('searchbox', { name: 'Слова в сообщениях' }).fill(`${stamp} бұғаттал`);
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect(page).toHaveURL(new RegExp(`q=`));
  const hits = page.getByTestId('history-results').locator('li');
  await expect(hits).toHaveCount(1);
  await expect(hits.locator('mark', { hasText: 'бұғатталды' })).toBeVisible();
  await expect(hits.locator('mark', { hasText: stamp })).toBeVisible();
  await expect(hits).toContainText(STAFF.historyKk.name);
  await expect(hits).toContainText('Завершён');
  // No private marker reaches the page.
  expect(await hits.innerText()).not.toMatch(/[\u0001\u0002]/);
  await page.screenshot({ path: 'test-results/history-search.png' });

  // The search is in the address: a reload keeps it and the back button returns to it.
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Слова в сообщениях' })).toHaveValue(`${stamp} бұғаттал`);
  await expect(page.getByTestId('history-results').locator('li')).toHaveCount(1);
  await pageLive(page);
  await page.getByTestId('history-results').locator('a').click();
  await expect(page).toHaveURL(new RegExp(`/workspace\\?c=${firstId}$`));
  await expect(page.getByTestId('messages').getByText(first)).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('history-results').locator('mark', { hasText: stamp })).toBeVisible();

  // Leave nothing behind: close the second conversation and sign out.
  await page.goto('/workspace');
  await page.getByTestId('mine').locator('li', { hasText: second }).click();
  await page.getByRole('button', { name: 'Завершить диалог' }).click();
  await expect(page.getByTestId('conversation-status')).toHaveText('Завершён');
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login/);
  await customerContext.close();
  await context.close();
});

/** Waits until the customer card is live in the browser (hydrated), so clicks count. */
async function cardLive(page: Page) {
  await expect(page.getByTestId('card-head')).toHaveAttribute('data-live', 'true');
}
