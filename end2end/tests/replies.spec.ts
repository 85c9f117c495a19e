// Canned replies, emoji and keyboard shortcuts, in the Kazakh interface: an operator
// writes a personal reply on /replies, inserts it with "/" (placeholders filled),
// adds an emoji, sends; the customer on a phone inserts an emoji in the widget; the
// help overlay lists the shortcuts; Alt+ArrowDown moves to the next conversation and
// Alt+Shift+C closes the open one.
import { test, expect } from '@playwright/test';
import { CHANNELS, STAFF, customerSends, openWidget, pageLive, signIn, stateSwitchReady } from './fixtures';

const T = {
  nav: 'Жауап үлгілері',
  title: 'Атауы',
  text: 'Мәтін',
  add: 'Үлгі қосу',
  titleMissing: 'Үлгінің атауын енгізіңіз.',
  duplicate: 'Мұндай атаулы үлгі бар.',
  take: 'Алу',
  emoji: 'Эмодзи',
  replies: 'Үлгілер',
  shortcuts: 'Жылдам пернелер',
  next: 'Тізімімдегі келесі диалог',
  closed: 'Аяқталған',
  active: 'Жұмыста',
  rate: 'Оператордың жұмысын бағалаңыз:',
  delete: 'Жою',
  confirmDelete: 'Иә, жою',
  signOut: 'Шығу',
};

test('a kk operator inserts a canned reply with "/" and an emoji; the customer uses emoji too; shortcuts work', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const { context, page: operator } = await signIn(browser, STAFF.repliesKk, 'kk');
  await operator.setViewportSize({ width: 1366, height: 768 });

  // The operator's personal reply, on /replies (a link in the header).
  await expect(operator.getByRole('link', { name: T.nav })).toBeVisible();
  await operator.goto('/replies');
  await pageLive(operator);
  const body = 'Здравствуйте, {customer_name}!';
  await operator.getByRole('textbox', { name: T.text }).fill(body);
  await operator.getByRole('button', { name: T.add }).click();
  // A missing title is refused in Kazakh, and the text typed stays.
  await expect(operator.getByRole('alert')).toHaveText(T.titleMissing);
  await expect(operator.getByRole('textbox', { name: T.text })).toHaveValue(body);
  await operator.getByRole('textbox', { name: T.title }).fill('Приветствие');
  await operator.getByRole('button', { name: T.add }).click();
  const mine = operator.getByTestId('my-replies');
  await expect(mine.locator('li', { hasText: 'Приветствие' })).toContainText(body);
  // The same title again (another letter case) is refused and the form keeps it.
  await operator.getByRole('textbox', { name: T.title }).fill('приветствие');
  await operator.getByRole('textbox', { name: T.text }).fill('Другой текст');
  await operator.getByRole('button', { name: T.add }).click();
  await expect(operator.getByRole('alert')).toHaveText(T.duplicate);
  await expect(operator.getByRole('textbox', { name: T.title })).toHaveValue('приветствие');
  await expect(mine.locator('li')).toHaveCount(1);

  // A Kazakh customer on a phone writes; the operator takes the conversation.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phonePage = await phone.newPage();
  const widgetA = await openWidget(phonePage, CHANNELS.ru.key, 'kk');
  const firstText = `Сәлеметсіз бе ${stamp} A`;
  await customerSends(widgetA, firstText);

  await operator.goto('/workspace');
  await stateSwitchReady(operator);
  await operator.getByTestId('queue').locator('li', { hasText: firstText }).getByRole('button', { name: T.take }).click();
  await expect(operator).toHaveURL(/\/workspace\?c=\d+/);
  const idA = new URL(operator.url()).searchParams.get('c');
  const heading = operator.locator('.pane-head h2');
  await expect(heading).toHaveText(/^#[0-9a-f]{6}$/);
  const nameA = await heading.innerText();
  const messages = operator.getByTestId('messages');
  await expect(messages.getByText(firstText)).toBeVisible();

  // "/прив" lists the reply; Enter inserts it with the customer's name, and sends nothing.
  const box = operator.locator('.composer textarea');
  await box.pressSequentially('/прив', { delay: 20 });
  const popup = operator.getByTestId('reply-popup');
  await expect(popup.getByRole('option', { name: /Приветствие/ })).toBeVisible();
  await expect(popup.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await operator.screenshot({ path: 'test-results/replies-popup.png' });
  await box.press('Enter');
  const greeting = `Здравствуйте, ${nameA}!`;
  await expect(box).toHaveValue(greeting);
  await expect(popup).toBeHidden();
  await expect(messages.getByText(greeting)).toHaveCount(0);

  // An emoji from the picker goes in at the caret; then Enter sends.
  await operator.getByRole('button', { name: T.emoji }).click();
  const picker = operator.getByRole('dialog', { name: T.emoji });
  await expect(picker).toBeVisible();
  await picker.getByRole('button', { name: '👍' }).click();
  await expect(picker).toBeHidden();
  await expect(box).toHaveValue(`${greeting}👍`);
  await expect(box).toBeFocused();
  await box.press('Enter');
  await expect(box).toHaveValue('');
  await expect(widgetA.locator('.message.theirs .body', { hasText: `${greeting}👍` })).toBeVisible();

  // The customer picks an emoji in the widget (phone screen) and sends it with text.
  await widgetA.getByRole('button', { name: T.emoji }).click();
  const widgetPicker = widgetA.getByRole('dialog', { name: T.emoji });
  await expect(widgetPicker).toBeVisible();
  await phonePage.screenshot({ path: 'test-results/widget-emoji-phone.png' });
  await widgetPicker.getByRole('button', { name: '🙏' }).click();
  await expect(widgetPicker).toBeHidden();
  const widgetBox = widgetA.locator('.composer textarea');
  await expect(widgetBox).toHaveValue('🙏');
  await widgetBox.pressSequentially(' Рахмет', { delay: 20 });
  await widgetA.locator('.composer button[type=submit]').click();
  await expect(messages.getByText('🙏 Рахмет')).toBeVisible();
  // Escape closes the widget's picker.
  await widgetA.getByRole('button', { name: T.emoji }).click();
  await expect(widgetPicker).toBeVisible();
  await widgetPicker.getByRole('button').first().press('Escape');
  await expect(widgetPicker).toBeHidden();

  // The "Replies" button opens the same list with a search field.
  await operator.getByRole('button', { name: T.replies }).click();
  const search = popup.getByRole('searchbox');
  await expect(search).toBeFocused();
  await search.fill('здравст');
  await expect(popup.getByRole('option')).toHaveCount(1);
  await search.press('Escape');
  await expect(popup).toBeHidden();

  // F1 opens the help overlay with every shortcut; Escape closes it.
  await operator.keyboard.press('F1');
  const help = operator.getByRole('dialog', { name: T.shortcuts });
  await expect(help).toBeVisible();
  await expect(help.locator('tbody tr')).toHaveCount(10);
  await expect(help).toContainText(T.next);
  await expect(help.locator('kbd', { hasText: 'Alt' }).first()).toBeVisible();
  await operator.screenshot({ path: 'test-results/shortcuts-help.png' });
  await operator.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // A second customer; the operator takes that conversation too.
  const desk = await browser.newContext();
  const widgetB = await openWidget(await desk.newPage(), CHANNELS.ru.key, 'kk');
  const secondText = `Сәлем ${stamp} B`;
  await customerSends(widgetB, secondText);
  await operator.getByTestId('queue').locator('li', { hasText: secondText }).getByRole('button', { name: T.take }).click();
  await expect(messages.getByText(secondText)).toBeVisible();
  const idB = new URL(operator.url()).searchParams.get('c');
  expect(idB).not.toBe(idA);

  // Newest first in "my conversations": Alt+ArrowDown goes to the first customer's, Alt+ArrowUp back.
  await operator.keyboard.press('Alt+ArrowDown');
  await expect(operator).toHaveURL(new RegExp(`\\?c=${idA}$`));
  await expect(messages.getByText(firstText)).toBeVisible();
  await operator.keyboard.press('Alt+ArrowUp');
  await expect(operator).toHaveURL(new RegExp(`\\?c=${idB}$`));
  await expect(messages.getByText(secondText)).toBeVisible();

  // Alt+R puts the focus in the reply box; Alt+Shift+C closes the open conversation.
  await operator.locator('.pane-head h2').click();
  await operator.keyboard.press('Alt+KeyR');
  await expect(box).toBeFocused();
  await expect(operator.getByTestId('conversation-status')).toHaveText(T.active);
  await operator.keyboard.press('Alt+Shift+KeyC');
  await expect(operator.getByTestId('conversation-status')).toHaveText(T.closed);
  await expect(widgetB.getByText(T.rate)).toBeVisible();

  // Leave nothing behind: close the first conversation, delete the reply, sign out.
  await operator.goto(`/workspace?c=${idA}`);
  await stateSwitchReady(operator);
  await expect(operator.getByTestId('conversation-status')).toHaveText(T.active);
  // After a fresh load the page's key listener comes with hydration, which can trail the
  // state switch: press until it has taken the shortcut.
  await expect(async () => {
    await operator.keyboard.press('Alt+Shift+KeyC');
    await expect(operator.getByTestId('conversation-status')).toHaveText(T.closed, { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(widgetA.getByText(T.rate)).toBeVisible();

  await operator.goto('/replies');
  await pageLive(operator);
  const item = mine.locator('li', { hasText: 'Приветствие' });
  await item.getByRole('button', { name: T.delete }).click();
  await item.getByRole('button', { name: T.confirmDelete }).click();
  await expect(mine.locator('li')).toHaveCount(0);
  await operator.getByRole('button', { name: T.signOut }).click();
  await expect(operator).toHaveURL(/\/login/);

  await phone.close();
  await desk.close();
  await context.close();
});
