// Telegram end to end, against `telegram-test-api` (an npm emulator of the Bot API
// server): an administrator connects a bot on the channels page; a customer writes to
// it; a Kazakh operator answers in the workspace; the customer's Telegram receives the
// answer; closing sends the rating buttons, and the customer's press rates.
import { test, expect } from '@playwright/test';
import TelegramServer from 'telegram-test-api';
import { STAFF, pageLive, signIn, stateSwitchReady } from './fixtures';

const PORT = 9011;
const API = `http://127.0.0.1:${PORT}`;
const TOKEN = '5000000001:AAE2E-telegram-emulated-bot-token-0123';

type BotMessage = { message?: { text?: string; reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][] } } };

let telegram: TelegramServer;

test.beforeAll(async () => {
  telegram = new TelegramServer({ port: PORT, host: '127.0.0.1', storeTimeout: 600 });
  await telegram.start();
});

test.afterAll(async () => {
  await telegram.stop();
});

test('a Telegram customer and a Kazakh operator talk through the bot, and the rating buttons rate', async ({ browser }) => {
  const stamp = Date.now().toString(36);

  // The administrator connects the bot (the emulator stands where api.telegram.org would).
  const admin = await signIn(browser, STAFF.admin);
  await admin.page.goto('/admin/channels');
  await pageLive(admin.page);
  await admin.page.getByTestId('add-telegram').click();
  const form = admin.page.getByTestId('telegram-form');
  await form.locator('input[name=name]').fill('E2E Telegram');
  // A malformed token is refused with the field named; nothing is saved.
  await form.locator('input[name=bot_token]').fill('not-a-token');
  await form.locator('input[name=api_base]').fill(API);
  await form.locator('button[type=submit]').click();
  await expect(form.getByRole('alert')).toContainText('Токен бота');
  await form.locator('input[name=bot_token]').fill(TOKEN);
  await form.locator('button[type=submit]').click();
  const row = admin.page.getByTestId('channels').locator('tr[data-channel="E2E Telegram"]');
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-kind', 'telegram');
  // The token never comes back to the page.
  expect(await admin.page.content()).not.toContain(TOKEN);
  await admin.page.screenshot({ path: 'test-results/telegram-channels-page.png', fullPage: true });

  // The operator is at work.
  const { context, page: operator } = await signIn(browser, STAFF.telegramKk, 'kk');
  await operator.setViewportSize({ width: 1366, height: 768 });
  await operator.goto('/workspace');
  await stateSwitchReady(operator);

  // The customer writes to the bot from Telegram, in Kazakh.
  const client = telegram.getClient(TOKEN, { userId: 7001, chatId: 7001, firstName: 'Айгүл', userName: 'aigul_kz' });
  const question = `Сәлеметсіз бе, картам бұғатталды ${stamp}`;
  await client.sendMessage(client.makeMessage(question, { from: { language_code: 'kk', last_name: 'Серікова' } }));

  const queued = operator.getByTestId('queue').locator('li', { hasText: question });
  await expect(queued).toBeVisible({ timeout: 20_000 });
  await queued.getByRole('button', { name: 'Алу' }).click();
  await expect(operator).toHaveURL(/\/workspace\?c=\d+/);
  const conversationId = new URL(operator.url()).searchParams.get('c')!;
  const messages = operator.getByTestId('messages');
  await expect(messages.getByText(question)).toBeVisible();
  // The card knows the customer by their Telegram name.
  await expect(operator.getByTestId('contact-label')).toHaveText('Айгүл Серікова');

  // The operator answers; Telegram receives it, and the message says it was delivered.
  const answer = `Картаңыз бұғаттан шығарылды ${stamp}`;
  await operator.locator('.composer textarea').fill(answer);
  await operator.locator('.composer textarea').press('Enter');
  await expect(messages.getByText(answer)).toBeVisible();
  const botSaid = async (text: string) =>
    ((await client.getUpdatesHistory()) as BotMessage[]).some((u) => u.message?.text === text);
  await expect.poll(() => botSaid(answer), { timeout: 15_000 }).toBe(true);
  const delivered = messages.locator('li', { hasText: answer }).getByTestId('delivery');
  await expect(delivered).toHaveAttribute('data-status', 'sent', { timeout: 10_000 });
  await expect(delivered).toContainText('мессенджерге жеткізілді');
  await operator.screenshot({ path: 'test-results/telegram-workspace.png' });

  // Closing sends the rating form as buttons 1–5, in the customer's language.
  await operator.getByRole('button', { name: 'Диалогты аяқтау' }).click();
  let buttons: { text: string; callback_data: string }[] = [];
  await expect
    .poll(async () => {
      const history = (await client.getUpdatesHistory()) as BotMessage[];
      const form = history.find((u) => u.message?.reply_markup?.inline_keyboard);
      buttons = form?.message?.reply_markup?.inline_keyboard?.flat() ?? [];
      return form?.message?.text ?? '';
    }, { timeout: 15_000 })
    .toContain('1-ден 5-ға дейін');
  expect(buttons.map((b) => b.text)).toEqual(['1', '2', '3', '4', '5']);

  // The customer presses 5: the conversation is rated 5 / 5.
  const five = buttons.find((b) => b.text === '5')!;
  await client.sendCallback(client.makeCallbackQuery(five.callback_data, { from: { language_code: 'kk' } }));
  await operator.goto(`/workspace?c=${conversationId}`);
  await expect(operator.getByTestId('conversation-rating')).toContainText('5 / 5', { timeout: 15_000 });

  // The channels page shows when the bot last received a message, and nothing failed.
  await admin.page.reload();
  await pageLive(admin.page);
  await expect(row.getByTestId('outbox')).toHaveText('в очереди: 0, не доставлено: 0');
  await expect(row.getByTestId('last-inbound')).not.toHaveText('—');
  await expect(row.getByTestId('channel-error')).toHaveCount(0);
  await context.close();
  await admin.context.close();
});
