// Automatic assignment by language: an operator who speaks only Russian never
// receives an Uzbek conversation, and receives a Russian one without taking it.
import { test, expect } from '@playwright/test';
import { CHANNELS, STAFF, clearQueue, customerSends, openWidget, pageLive, setState, signIn } from './fixtures';

test('a Russian-only operator gets Russian conversations by themselves and never Uzbek ones', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const { context, page } = await signIn(browser, STAFF.russianOnly);
  await page.goto('/workspace');
  await setState(page, 'available', 'Доступен');

  const uzContext = await browser.newContext();
  const uzWidget = await openWidget(await uzContext.newPage(), CHANNELS.ru.key, 'uz-Latn');
  const uzText = `Salom, kartam ishlamayapti ${stamp}`;
  await customerSends(uzWidget, uzText);

  const ruContext = await browser.newContext();
  const ruWidget = await openWidget(await ruContext.newPage(), CHANNELS.ru.key, 'ru');
  const ruText = `Здравствуйте, карта не работает ${stamp}`;
  await customerSends(ruWidget, ruText);

  // The Russian conversation lands in "My conversations" with no click; its customer
  // is no longer told to wait.
  await expect(page.getByTestId('mine').locator('li', { hasText: ruText })).toBeVisible();
  await expect(ruWidget.getByText('Ожидайте, оператор скоро подключится.')).toBeHidden();

  // The Uzbek one stays in the queue, also after the periodic pass (every 5 s).
  await page.waitForTimeout(6_000);
  await expect(page.getByTestId('queue').locator('li', { hasText: uzText })).toBeVisible();
  await expect(page.getByTestId('mine').locator('li', { hasText: uzText })).toHaveCount(0);
  await expect(uzWidget.getByText('Kuting, operator tez orada ulanadi.')).toBeVisible();
  await page.screenshot({ path: 'test-results/routing-ru-only.png' });

  await setState(page, 'offline', 'Не в сети');
  await uzContext.close();
  await ruContext.close();
  await context.close();
  await clearQueue(browser);
});

test('a waiting customer sees their place in the queue move up as conversations are taken', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const first = await browser.newContext();
  const firstWidget = await openWidget(await first.newPage(), CHANNELS.ru.key, 'ru');
  const firstText = `Первый ${stamp}`;
  await customerSends(firstWidget, firstText);
  await expect(firstWidget.getByTestId('queue-position')).toBeVisible();

  const second = await browser.newContext();
  const secondPage = await second.newPage();
  const secondWidget = await openWidget(secondPage, CHANNELS.ru.key, 'ru');
  await customerSends(secondWidget, `Второй ${stamp}`);
  const place = secondWidget.getByTestId('queue-position');
  await expect(place).toHaveText(/Ваше место в очереди: \d+\./);
  const before = Number((await place.innerText()).match(/\d+/)![0]);
  await secondPage.screenshot({ path: 'test-results/widget-queue-place.png' });

  // An operator takes the first customer's conversation: the second moves up at once.
  const { context, page } = await signIn(browser, STAFF.operator);
  await page.goto('/workspace');
  await page.getByTestId('queue').locator('li', { hasText: firstText }).getByRole('button', { name: 'Взять' }).click();
  await expect(page).toHaveURL(/\?c=\d+/);
  await expect(place).toHaveText(`Ваше место в очереди: ${before - 1}.`);
  await expect(firstWidget.getByTestId('queue-position')).toHaveCount(0);

  await first.close();
  await second.close();
  await context.close();
  await clearQueue(browser);
});

test('a supervisor watches the queue and the operators live', async ({ browser }) => {
  const supervisor = await signIn(browser, STAFF.supervisor);
  await supervisor.page.getByRole('link', { name: 'Очередь и операторы' }).click();
  await expect(supervisor.page).toHaveURL(/\/supervision\/queue/);
  const waiting = supervisor.page.getByTestId('board-waiting').locator('tbody tr');
  // The board loads after the client-side navigation: read the count once it is there.
  const badge = supervisor.page.locator('h2 .count');
  await expect(badge).toHaveText(/^\d+$/);
  const before = Number(await badge.innerText());
  await expect(waiting).toHaveCount(before);

  // A customer writes: one more row, pushed over the socket.
  const customer = await browser.newContext();
  const widget = await openWidget(await customer.newPage(), CHANNELS.uz.key, 'kk');
  await customerSends(widget, `Сәлеметсіз бе ${Date.now()}`);
  await expect(waiting).toHaveCount(before + 1, { timeout: 4_000 });
  await expect(waiting.last()).toContainText('kk');

  // An operator goes on a pause: the board shows it.
  const operator = await signIn(browser, STAFF.operator);
  await operator.page.goto('/workspace');
  await setState(operator.page, 'pause', 'Перерыв');
  const row = supervisor.page.getByTestId('board-operators').locator('tr', { hasText: STAFF.operator.name });
  await expect(row).toContainText('Перерыв', { timeout: 4_000 });
  await supervisor.page.screenshot({ path: 'test-results/supervisor-queue.png' });
  await setState(operator.page, 'offline', 'Не в сети');
  await expect(row).toContainText('Не в сети', { timeout: 4_000 });

  await customer.close();
  await operator.context.close();
  await supervisor.context.close();
  await clearQueue(browser);
});

test('a waiting customer moves up when a busy operator frees up, with no click', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const { context, page } = await signIn(browser, STAFF.single);
  await page.goto('/workspace');
  await setState(page, 'available', 'Доступен');

  // Three customers write; the operator (one conversation at a time) is busy with the first.
  const a = await browser.newContext();
  const aWidget = await openWidget(await a.newPage(), CHANNELS.ru.key, 'ru');
  await customerSends(aWidget, `Клиент А ${stamp}`);
  const b = await browser.newContext();
  const bWidget = await openWidget(await b.newPage(), CHANNELS.ru.key, 'ru');
  await customerSends(bWidget, `Клиент Б ${stamp}`);
  const c = await browser.newContext();
  const cPage = await c.newPage();
  const cWidget = await openWidget(cPage, CHANNELS.ru.key, 'ru');
  await customerSends(cWidget, `Клиент В ${stamp}`);
  const active = page.getByTestId('mine').locator('li', { has: page.locator('.status-active') });
  await expect(active).toHaveCount(1);
  await expect(active).toContainText(`Клиент А ${stamp}`);
  const place = cWidget.getByTestId('queue-position');
  await expect(place).toHaveText(/Ваше место в очереди: \d+\./);
  const before = Number((await place.innerText()).match(/\d+/)![0]);
  expect(before).toBeGreaterThan(1);

  // The operator closes their conversation: the next customer goes to them by itself,
  // and the customer behind moves up.
  await active.first().locator('a').click();
  await page.getByRole('button', { name: 'Завершить диалог' }).click();
  await expect(place).toHaveText(`Ваше место в очереди: ${before - 1}.`);
  await expect(active).toHaveCount(1);
  await expect(active).toContainText(`Клиент Б ${stamp}`);
  await expect(bWidget.getByTestId('queue-position')).toHaveCount(0);
  await cPage.screenshot({ path: 'test-results/widget-place-dropped.png' });

  await setState(page, 'offline', 'Не в сети');
  await a.close();
  await b.close();
  await c.close();
  await context.close();
  await clearQueue(browser);
});

test('a supervisor ends an operator\'s work and their conversations go to a colleague at once', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const leaving = await signIn(browser, STAFF.englishA);
  await leaving.page.goto('/workspace');
  await setState(leaving.page, 'available', 'Доступен');

  const customer = await browser.newContext();
  const widget = await openWidget(await customer.newPage(), CHANNELS.ru.key, 'en');
  const text = `Hello, my card is blocked ${stamp}`;
  await customerSends(widget, text);
  await expect(leaving.page.getByTestId('mine').locator('li', { hasText: text })).toBeVisible();

  const colleague = await signIn(browser, STAFF.englishB);
  await colleague.page.goto('/workspace');
  await setState(colleague.page, 'available', 'Доступен');

  const supervisor = await signIn(browser, STAFF.supervisor);
  await supervisor.page.goto('/supervision/queue');
  await pageLive(supervisor.page);
  const row = supervisor.page.getByTestId('board-operators').locator('tr', { hasText: STAFF.englishA.name });
  await expect(row).toContainText('1 / 3');
  await row.getByRole('button', { name: 'Перераспределить диалоги' }).click();

  await expect(row).toContainText('Не в сети');
  await expect(row).toContainText('0 / 3');
  await expect(colleague.page.getByTestId('mine').locator('li', { hasText: text })).toBeVisible();
  await expect(leaving.page.getByTestId('mine').locator('li', { hasText: text })).toHaveCount(0);
  await supervisor.page.screenshot({ path: 'test-results/supervisor-end-work.png' });

  // Returning to the waiting list instead: the conversation waits in the queue.
  await row.waitFor();
  const back = supervisor.page.getByTestId('board-operators').locator('tr', { hasText: STAFF.englishB.name });
  await back.getByRole('button', { name: 'Вернуть в лист ожидания' }).click();
  await expect(back).toContainText('Не в сети');
  await expect(colleague.page.getByTestId('queue').locator('li', { hasText: text })).toBeVisible();
  await expect(widget.getByTestId('queue-position')).toBeVisible();

  await customer.close();
  await supervisor.context.close();
  await colleague.context.close();
  await leaving.context.close();
  await clearQueue(browser);
});
