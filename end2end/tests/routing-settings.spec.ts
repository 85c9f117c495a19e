// The routing settings page: an administrator changes a channel's weight and the
// supervisor's queue reorders at once; bad values are refused with a translated
// error; the channel's auto-reply greets a new customer; attribute rules come and go.
import { test, expect } from '@playwright/test';
import { CHANNELS, STAFF, clearQueue, customerSends, openWidget, pageLive, setState, signIn } from './fixtures';

test('an administrator reweighs a channel and the supervisor sees the queue reorder', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  // Two customers in Kazakh (no Kazakh operator is at work now, so they stay in the queue): the
  // 1–10 channel's first, then the 1–5 channel's.
  const first = await browser.newContext();
  await customerSends(await openWidget(await first.newPage(), CHANNELS.uz.key, 'kk'), `Бірінші ${stamp}`);
  const second = await browser.newContext();
  await customerSends(await openWidget(await second.newPage(), CHANNELS.ru.key, 'kk'), `Екінші ${stamp}`);

  const supervisor = await signIn(browser, STAFF.supervisor);
  await supervisor.page.goto('/supervision/queue');
  await pageLive(supervisor.page);
  const waiting = supervisor.page.getByTestId('board-waiting').locator('tbody tr');
  await expect(waiting.first()).toBeVisible();

  const admin = await signIn(browser, STAFF.admin);
  await admin.page.getByRole('link', { name: 'Маршрутизация' }).click();
  await expect(admin.page).toHaveURL(/\/settings\/routing/);
  await expect(admin.page.getByRole('heading', { name: 'Настройки маршрутизации' })).toBeVisible();
  await pageLive(admin.page);
  const channel = admin.page.getByTestId('channels').locator(`tr[data-channel="${CHANNELS.ru.name}"]`);

  // Out of range: refused, translated, nothing saved.
  await channel.getByRole('spinbutton', { name: 'Вес' }).fill('999999');
  await channel.getByRole('button', { name: 'Сохранить' }).click();
  await expect(channel.getByRole('alert')).toHaveText('Значение не заполнено или вне допустимого диапазона. Ничего не сохранено.');
  await channel.getByRole('spinbutton', { name: 'Вес' }).fill('5000');
  await channel.getByRole('spinbutton', { name: /Уведомление об ожидании/ }).fill('30');
  await channel.getByRole('button', { name: 'Сохранить' }).click();
  await expect(channel.getByRole('alert')).toBeVisible();

  // A real weight: the 1–5 channel's customers go to the head of the queue, live.
  await channel.getByRole('spinbutton', { name: /Уведомление об ожидании/ }).fill('');
  await channel.getByRole('textbox', { name: 'Автоответ при входе в очередь' }).fill('Здравствуйте! Оператор ответит в течение пяти минут.');
  await channel.getByRole('button', { name: 'Сохранить' }).click();
  await expect(channel.getByRole('status')).toHaveText('Сохранено');
  await expect(waiting.first()).toContainText(CHANNELS.ru.name);
  const priority = Number(await waiting.first().locator('td').nth(1).innerText());
  expect(priority).toBeGreaterThanOrEqual(5000);
  await supervisor.page.screenshot({ path: 'test-results/queue-reordered.png' });
  await admin.page.screenshot({ path: 'test-results/routing-settings.png', fullPage: true });

  // The auto-reply greets the next customer of that channel.
  const third = await browser.newContext();
  const widget = await openWidget(await third.newPage(), CHANNELS.ru.key, 'kk');
  await customerSends(widget, `Үшінші ${stamp}`);
  await expect(widget.getByText('Здравствуйте! Оператор ответит в течение пяти минут.')).toBeVisible();

  // Back as it was, so other tests see an unweighted queue.
  await channel.getByRole('spinbutton', { name: 'Вес' }).fill('0');
  await channel.getByRole('textbox', { name: 'Автоответ при входе в очередь' }).fill('');
  await channel.getByRole('button', { name: 'Сохранить' }).click();
  await expect(channel.getByRole('status')).toHaveText('Сохранено');

  await first.close();
  await second.close();
  await third.close();
  await admin.context.close();
  await supervisor.context.close();
  await clearQueue(browser);
});

test('an administrator adds and removes a priority rule and a custom segment', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.admin);
  await page.goto('/settings/routing');
  await pageLive(page);
  const rules = page.getByRole('region', { name: 'Правила по признакам' });
  await rules.getByRole('textbox', { name: 'Признак' }).fill('product');
  await rules.getByRole('textbox', { name: 'Значение' }).fill('card');
  await rules.getByRole('spinbutton', { name: 'Вес' }).fill('80');
  await rules.getByRole('button', { name: 'Добавить правило' }).click();
  const row = page.getByTestId('rules').locator('tr', { hasText: 'card' });
  await expect(row).toContainText('80');
  // A malformed attribute name is refused.
  await rules.getByRole('textbox', { name: 'Признак' }).fill('Product Name');
  await rules.getByRole('button', { name: 'Добавить правило' }).click();
  await expect(rules.getByRole('alert')).toHaveText('Значение не заполнено или вне допустимого диапазона. Ничего не сохранено.');
  await row.getByRole('button', { name: 'Удалить' }).click();
  await expect(row).toHaveCount(0);

  const segments = page.getByRole('region', { name: 'Сегменты клиентов' });
  const code = `vip${Date.now().toString(36)}`;
  await segments.getByRole('textbox', { name: 'Код' }).fill(code);
  await segments.getByRole('textbox', { name: 'Имя' }).fill('VIP');
  await segments.getByRole('spinbutton', { name: 'Вес' }).fill('700');
  await segments.getByRole('button', { name: 'Добавить сегмент' }).click();
  await expect(page.getByTestId('segments').locator('tr', { hasText: code })).toBeVisible();
  await expect(page.getByTestId('segments')).toContainText('Премиум');
  // The form is empty again; the same code once more gets a translated "exists already".
  await expect(segments.getByRole('textbox', { name: 'Код' })).toHaveValue('');
  await segments.getByRole('textbox', { name: 'Код' }).fill(code);
  await segments.getByRole('textbox', { name: 'Имя' }).fill('VIP again');
  await segments.getByRole('button', { name: 'Добавить сегмент' }).click();
  await expect(segments.getByRole('alert')).toHaveText('Такая запись уже есть.');
  await context.close();
});

test('an administrator adds a custom state and a group, and operators get them', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const admin = await signIn(browser, STAFF.admin);
  await admin.page.goto('/settings/routing');
  await pageLive(admin.page);

  const states = admin.page.getByRole('region', { name: 'Статусы операторов' });
  await states.getByRole('textbox', { name: 'Код' }).fill(`lunch_${stamp}`);
  await states.getByRole('textbox', { name: 'Имя' }).fill(`Обед ${stamp}`);
  await states.getByRole('spinbutton', { name: 'Рекомендовано, мин' }).fill('30');
  await states.getByRole('button', { name: 'Сохранить статус' }).click();
  await expect(admin.page.getByTestId('states').locator('tr', { hasText: `lunch_${stamp}` })).toContainText('30');

  const operators = admin.page.getByRole('region', { name: 'Операторы: языки, нагрузка, группы' });
  await operators.getByRole('textbox', { name: 'Новая группа' }).fill(`Карты ${stamp}`);
  await operators.getByRole('button', { name: 'Добавить группу' }).click();
  const olga = admin.page.getByTestId('operators').locator(`tr[data-operator="${STAFF.russianOnly.login}"]`);
  await olga.getByRole('checkbox', { name: `Карты ${stamp}` }).check();
  await olga.getByRole('button', { name: 'Сохранить' }).click();
  await expect(olga.getByRole('status')).toHaveText('Сохранено');
  await admin.page.reload();
  await pageLive(admin.page);
  await expect(olga.getByRole('checkbox', { name: `Карты ${stamp}` })).toBeChecked();
  await expect(olga.getByRole('checkbox', { name: 'русский' })).toBeChecked();
  await expect(olga.getByRole('checkbox', { name: 'узбекский' })).not.toBeChecked();

  // The operator can switch to the new state.
  const operator = await signIn(browser, STAFF.russianOnly);
  await operator.page.goto('/workspace');
  await setState(operator.page, `lunch_${stamp}`, `Обед ${stamp}`);
  await setState(operator.page, 'offline', 'Не в сети');
  await operator.context.close();

  // The group is renamed (members keep it) and then deleted (members stay).
  const group = admin.page.getByTestId('groups').locator(`li[data-group="Карты ${stamp}"]`);
  await group.getByRole('textbox').fill(`Карты VIP ${stamp}`);
  await group.getByRole('button', { name: 'Сохранить' }).click();
  await expect(olga.getByRole('checkbox', { name: `Карты VIP ${stamp}` })).toBeChecked();
  const renamed = admin.page.getByTestId('groups').locator(`li[data-group="Карты VIP ${stamp}"]`);
  await renamed.locator('button[data-action=delete]').click();
  await renamed.locator('button[data-action=confirm-delete]').click();
  await expect(admin.page.getByTestId('groups').locator(`li[data-group="Карты VIP ${stamp}"]`)).toHaveCount(0);
  await expect(olga.getByRole('checkbox', { name: `Карты VIP ${stamp}` })).toHaveCount(0);
  await expect(admin.page.getByTestId('operators').locator(`tr[data-operator="${STAFF.russianOnly.login}"]`)).toBeVisible();
  await admin.context.close();
});

test('an operator has no routing settings', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.operator);
  await expect(page.getByRole('link', { name: 'Маршрутизация' })).toHaveCount(0);
  const response = await page.goto('/settings/routing');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Доступ запрещён' })).toBeVisible();
  await context.close();
});
