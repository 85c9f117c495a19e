// The operator's workspace: waiting indicators that switch between "customer waiting"
// and "operator waiting", unread badges, a desktop notification on a new assignment,
// transfer with an internal note the customer never sees, and outbound conversations.
// Kazakh-only operators and customers (lang=kk), so other specs' conversations stay away.
import { test, expect, type Browser, type FrameLocator, type Page } from '@playwright/test';
import { APP } from '../playwright.config';
import { CHANNELS, STAFF, customerSends, openWidget, setState, signIn, stateSwitchReady } from './fixtures';

const KK = CHANNELS.uz.key;

async function available(page: Page) {
  await page.goto('/workspace');
  await setState(page, 'available', 'Доступен');
}

async function signOut(page: Page) {
  await setState(page, 'offline', 'Не в сети');
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** A kk customer on the bank's site who writes `text`. */
async function customer(browser: Browser, text: string): Promise<{ widget: FrameLocator; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const widget = await openWidget(await context.newPage(), KK, 'kk');
  await customerSends(widget, text);
  return { widget, close: () => context.close() };
}

function mineRow(page: Page, text: string) {
  return page.getByTestId('mine').locator('li', { hasText: text });
}

/** The row of the conversation whose preview shows `text` now, found again by its link
 * after later messages replace the preview. */
async function pinnedRow(page: Page, text: string) {
  const found = mineRow(page, text);
  await expect(found).toBeVisible();
  const href = await found.locator('a').getAttribute('href');
  return page.getByTestId('mine').locator('li', { has: page.locator(`a[href="${href}"]`) });
}

async function reply(page: Page, text: string) {
  const box = page.locator('.composer textarea');
  await box.fill(text);
  await box.press('Enter');
  await expect(page.getByTestId('messages')).toContainText(text);
}

async function closeOpen(page: Page) {
  await page.getByRole('button', { name: 'Завершить диалог' }).click();
  await expect(page.getByTestId('conversation-status')).toHaveText('Завершён');
}

test('the waiting indicator switches with each last word; unread badges clear on opening', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const { context, page } = await signIn(browser, STAFF.kazakhA);
  await available(page);

  const first = `Сәлеметсіз бе, картам бұғатталды ${stamp}`;
  const a = await customer(browser, first);
  const row = await pinnedRow(page, first);
  // The customer wrote last: "customer waiting", and one unread message in a conversation not open.
  await expect(row.getByTestId('waiting')).toHaveAttribute('data-waiting', 'customer');
  await expect(row.getByTestId('waiting')).toContainText('Ждёт клиент');
  await expect(row.getByTestId('unread')).toHaveText('1');
  await customerSends(a.widget, `Көмектесіңізші ${stamp}`);
  await expect(row.getByTestId('unread')).toHaveText('2');
  // The timer runs by itself.
  const timer = row.getByTestId('waiting').locator('time');
  const before = await timer.innerText();
  await expect(timer).not.toHaveText(before, { timeout: 3_000 });

  // Opening it reads it: the badge goes; the header shows the same indicator.
  await row.locator('a').click();
  await expect(page).toHaveURL(/\?c=\d+/);
  await expect(row.getByTestId('unread')).toHaveCount(0);
  const head = page.locator('.pane-head').getByTestId('waiting');
  await expect(head).toHaveAttribute('data-waiting', 'customer');

  // The operator answers: now the operator waits, in the row and in the header.
  await reply(page, `Сәлеметсіз бе! Қазір тексеремін ${stamp}`);
  await expect(row.getByTestId('waiting')).toHaveAttribute('data-waiting', 'operator');
  await expect(row.getByTestId('waiting')).toContainText('Ждёт оператор');
  await expect(head).toHaveAttribute('data-waiting', 'operator');

  // The customer answers: back to "customer waiting"; the open conversation gets no badge.
  await customerSends(a.widget, `Рақмет ${stamp}`);
  await expect(row.getByTestId('waiting')).toHaveAttribute('data-waiting', 'customer');
  await expect(row.getByTestId('unread')).toHaveCount(0);

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: 'test-results/workspace-indicators.png' });

  await closeOpen(page);
  await expect(row.getByTestId('waiting')).toHaveCount(0);
  await a.close();
  await signOut(page);
  await context.close();
});

test('a new assignment shows a desktop notification naming the customer', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const context = await browser.newContext({ permissions: ['notifications'] });
  await context.addCookies([{ name: 'i18n_pref_locale', value: 'ru', url: APP }]);
  // Records every notification the page shows.
  await context.addInitScript(() => {
    const w = window as unknown as { __notifications: { title: string; body?: string }[]; Notification: unknown };
    w.__notifications = [];
    const Real = window.Notification;
    function Spy(title: string, options?: NotificationOptions) {
      w.__notifications.push({ title, body: options?.body });
      return new Real(title, options);
    }
    Spy.requestPermission = (cb?: NotificationPermissionCallback) => Real.requestPermission(cb);
    Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
    w.Notification = Spy;
  });
  const page = await context.newPage();
  await page.goto('/login');
  await page.locator('input[name=login]').fill(STAFF.kazakhB.login);
  await page.locator('input[name=password]').fill(STAFF.kazakhB.password);
  await page.locator('form button[type=submit]').click();
  await expect(page).not.toHaveURL(/\/login/);
  await available(page);

  // The chime is served by the contact center itself.
  const chime = await page.request.get('/sounds/assigned.wav');
  expect(chime.ok()).toBeTruthy();
  expect(chime.headers()['content-type']).toContain('audio/');

  await page.getByRole('button', { name: 'Включить уведомления на рабочем столе' }).click();
  await expect(page.getByText('Уведомления на рабочем столе включены')).toBeVisible();

  const text = `Жаңа сұрақ ${stamp}`;
  const c = await customer(browser, text);
  const row = mineRow(page, text);
  await expect(row).toBeVisible();
  const name = (await row.locator('.customer').innerText()).trim();
  expect(name).not.toBe('');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __notifications: { title: string; body?: string }[] }).__notifications))
    .toContainEqual({ title: 'Новый диалог', body: expect.stringContaining(name) });

  await row.locator('a').click();
  await closeOpen(page);
  await c.close();
  await signOut(page);
  await context.close();
});

test('a transfer with a note reaches the colleague; the customer never sees the note', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const from = await signIn(browser, STAFF.kazakhA);
  await available(from.page);
  const text = `Несие бойынша сұрақ ${stamp}`;
  const c = await customer(browser, text);
  // Found by its link: the customer writes again below, which changes the preview.
  const row = await pinnedRow(from.page, text);

  const to = await signIn(browser, STAFF.kazakhB);
  await available(to.page);

  await row.locator('a').click();
  await from.page.getByRole('button', { name: 'Передать' }).click();
  const panel = from.page.getByTestId('transfer-panel');
  const operator = panel.locator('select[name=operator]');
  const option = operator.locator('option', { hasText: STAFF.kazakhB.name });
  await expect(option).toHaveCount(1);
  await operator.selectOption({ label: await option.innerText() });
  const note = `Клиент уже подтвердил личность, нужен кредитный специалист ${stamp}`;
  await panel.getByLabel('Внутренняя заметка (клиент её не увидит)').fill(note);
  // The customer writes meanwhile: the conversation reloads, and what the operator
  // chose and typed in the open panel stays.
  const meanwhile = `Күтіп тұрмын ${stamp}`;
  await customerSends(c.widget, meanwhile);
  await expect(from.page.getByTestId('messages')).toContainText(meanwhile);
  await expect(panel.getByLabel('Внутренняя заметка (клиент её не увидит)')).toHaveValue(note);
  await expect(operator.locator('option:checked')).toHaveText(await option.innerText());
  await panel.getByRole('button', { name: 'Передать' }).click();
  await expect(panel).toHaveCount(0);
  await expect(row).toHaveCount(0);

  // The colleague has it, and sees the transfer and the note among the messages.
  const theirs = mineRow(to.page, meanwhile);
  await expect(theirs).toBeVisible();
  await theirs.locator('a').click();
  const event = to.page.getByTestId('internal-event');
  await expect(event).toContainText(`${STAFF.kazakhA.name} → ${STAFF.kazakhB.name}`);
  await expect(event).toContainText(note);
  await to.page.screenshot({ path: 'test-results/workspace-transfer.png' });

  // The customer is answered by the new operator and never sees the note.
  await reply(to.page, `Сәлеметсіз бе, мен Даурен ${stamp}`);
  await expect(c.widget.getByText(`Сәлеметсіз бе, мен Даурен ${stamp}`)).toBeVisible();
  await expect(c.widget.getByText(note)).toHaveCount(0);
  await expect(c.widget.locator('body')).not.toContainText('кредитный специалист');

  await closeOpen(to.page);
  await c.close();
  await signOut(to.page);
  await signOut(from.page);
  await to.context.close();
  await from.context.close();
});

test('after closing, the operator writes to the customer again and the widget shows it', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const { context, page } = await signIn(browser, STAFF.kazakhA);
  await available(page);
  const text = `Карта дайын ба? ${stamp}`;
  const c = await customer(browser, text);
  const row = mineRow(page, text);
  await row.locator('a').click();
  await expect(page).toHaveURL(/\?c=\d+/);
  const oldUrl = page.url();
  await reply(page, `Тексеремін ${stamp}`);
  await closeOpen(page);
  await expect(c.widget.locator('.rating')).toBeVisible();

  await page.getByRole('button', { name: 'Написать клиенту' }).click();
  const outbound = page.getByTestId('outbound-panel');
  const first = `Картаңыз дайын, бөлімшеден алуға болады ${stamp}`;
  await outbound.locator('textarea').fill(first);
  await outbound.getByRole('button', { name: 'Начать диалог' }).click();
  await expect(page).not.toHaveURL(oldUrl);
  await expect(page.getByTestId('conversation-status')).toHaveText('В работе');
  await expect(page.getByTestId('messages')).toContainText(first);
  // The customer, still connected, gets it in the chat.
  await expect(c.widget.getByText(first)).toBeVisible();
  await expect(c.widget.locator('.rating')).toHaveCount(0);

  // From the old conversation, a second start is refused and offers the open one.
  await page.goto(oldUrl);
  await stateSwitchReady(page);
  await page.getByRole('button', { name: 'Написать клиенту' }).click();
  await page.getByTestId('outbound-panel').locator('textarea').fill('Тағы бір хабар');
  await page.getByTestId('outbound-panel').getByRole('button', { name: 'Начать диалог' }).click();
  await expect(page.getByTestId('outbound-panel').getByRole('alert')).toContainText('У клиента уже есть открытый диалог');
  await page.getByRole('link', { name: 'Открыть этот диалог' }).click();
  await expect(page.getByTestId('messages')).toContainText(first);

  await closeOpen(page);
  await c.close();
  await signOut(page);
  await context.close();
});
