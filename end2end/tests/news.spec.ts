// News (TS 8.5): a supervisor publishes news to an operator group; the group's operator
// must read it in a window before the conversation list appears, then finds it marked
// read in the news menu. The news goes to the spec's own group ("E2E news", made in
// global-setup with only STAFF.newsReader), so no other spec's operators are held.
import { test, expect } from '@playwright/test';
import { STAFF, pageLive, signIn, stateSwitchReady } from './fixtures';

test('news to a group must be read before the workspace opens, then is marked read in the menu', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const title = `Новый порядок блокировки карт ${stamp}`;
  const body = `С понедельника карту блокируем только после проверки кодового слова.\nПодробности — у старшего смены. ${stamp}`;

  // The supervisor publishes; an incomplete form is refused and keeps what was typed.
  const chief = await signIn(browser, STAFF.newsChief);
  await chief.page.goto('/news/manage');
  await pageLive(chief.page);
  await chief.page.getByLabel('Текст новости').fill(body);
  await chief.page.getByRole('radio', { name: 'Выбранным группам операторов' }).check();
  await chief.page.getByRole('button', { name: 'Опубликовать' }).click();
  await expect(chief.page.getByText('Укажите тему новости.')).toBeVisible();
  await expect(chief.page.getByText('Выберите «Всем сотрудникам» или хотя бы одну группу.')).toBeVisible();
  await expect(chief.page.getByLabel('Текст новости')).toHaveValue(body);

  await chief.page.getByLabel('Тема').fill(title);
  await chief.page.getByTestId('news-groups').getByRole('checkbox', { name: 'E2E news' }).check();
  await chief.page.getByRole('button', { name: 'Опубликовать' }).click();
  await expect(chief.page.getByText('Новость опубликована')).toBeVisible();
  const published = chief.page.getByTestId('news-published').locator('tr', { hasText: title });
  await expect(published).toContainText('E2E news');
  await expect(published).toContainText('0 из 1');
  await expect(published).toContainText(STAFF.newsChief.name);

  // The group's operator signs in: the workspace shows the news window, not the conversations.
  const reader = await signIn(browser, STAFF.newsReader);
  await reader.page.setViewportSize({ width: 1366, height: 768 });
  await reader.page.goto('/workspace');
  const dialog = reader.page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(dialog.getByRole('heading', { name: title })).toBeVisible();
  await expect(dialog).toContainText('кодового слова');
  await expect(dialog).toContainText(STAFF.newsChief.name);
  await expect(reader.page.getByTestId('queue')).toBeHidden();
  await expect(reader.page.getByTestId('mine')).toBeHidden();
  await expect(reader.page.locator('.conversation-list')).toBeHidden();
  await expect(reader.page.getByTestId('nav-news')).toContainText('1');
  await stateSwitchReady(reader.page);
  const acknowledge = dialog.getByRole('button', { name: 'Прочитано, закрыть' });
  await expect(acknowledge).toBeFocused();
  await reader.page.screenshot({ path: 'test-results/news-gate.png' });

  // Reading and closing it lets the conversations in, and they stay after a reload.
  await acknowledge.click();
  await expect(dialog).toBeHidden();
  await expect(reader.page.locator('.conversation-list')).toBeVisible();
  await expect(reader.page.getByTestId('queue')).toHaveCount(1);
  await expect(reader.page.getByTestId('nav-news').locator('.nav-badge')).toHaveCount(0);
  await reader.page.reload();
  await expect(reader.page.locator('.conversation-list')).toBeVisible();
  await expect(reader.page.getByRole('dialog')).toHaveCount(0);

  // The news menu lists it, read, with its author and the time it came.
  await reader.page.goto('/news');
  const row = reader.page.getByTestId('news-list').locator('tr', { hasText: title });
  await expect(row).toContainText('Прочитано');
  await expect(row).toContainText(STAFF.newsChief.name);
  await expect(row.locator('time')).toHaveText(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
  await row.getByRole('link', { name: title }).click();
  await expect(reader.page.getByTestId('news-opened')).toContainText('Подробности — у старшего смены.');
  await reader.page.screenshot({ path: 'test-results/news-menu.png' });

  // The publisher sees who read it.
  await chief.page.reload();
  await expect(chief.page.getByTestId('news-published').locator('tr', { hasText: title })).toContainText('1 из 1');
  await chief.page.screenshot({ path: 'test-results/news-manage.png' });

  for (const who of [reader, chief]) {
    await who.page.getByRole('button', { name: 'Выйти' }).click();
    await expect(who.page).toHaveURL(/\/login/);
    await who.context.close();
  }
});
