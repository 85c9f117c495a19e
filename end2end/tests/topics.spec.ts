// Topics (TS 9.8): the administrator builds a three-level tree and makes a topic
// required before closing; a Kazakh operator is refused a close without a topic, picks
// two, closes; the customer's topic history lists both. Settings are left as found.
import { test, expect, type Page } from '@playwright/test';
import { CHANNELS, STAFF, customerSends, openWidget, pageLive, signIn } from './fixtures';

const KK = {
  state: 'Күй',
  available: 'Қолжетімді',
  offline: 'Желіде емес',
  close: 'Диалогты аяқтау',
  topicRequired: 'Диалогты аяқтамас бұрын кемінде бір тақырыпты белгілеңіз.',
  closed: 'Аяқталған',
  search: 'Диалогқа тақырып қосу',
  history: 'Клиент тақырыптарының тарихы',
  filter: 'Тақырып',
  sort: 'Сұрыптау',
};

async function setRequired(admin: Page, on: boolean) {
  const form = admin.getByTestId('topic-settings');
  await form.getByLabel('Тематика обязательна перед завершением диалога').setChecked(on);
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form.getByText('Сохранено')).toBeVisible();
}

// Other specs close conversations without topics: "required" must never stay on.
test.afterEach(async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.topicsAdmin);
  await page.goto('/settings/topics');
  await pageLive(page);
  const box = page.getByTestId('topic-settings').getByLabel('Тематика обязательна перед завершением диалога');
  if (await box.isChecked()) await setRequired(page, false);
  await page.locator('.sign-out button').click();
  await expect(page).toHaveURL(/\/login/);
  await context.close();
  // Signing out takes the operator offline, should the test have stopped midway.
  const operator = await signIn(browser, STAFF.topicsKk, 'kk');
  await operator.page.locator('.sign-out button').click();
  await expect(operator.page).toHaveURL(/\/login/);
  await operator.context.close();
});

test('a topic tree is built, required before closing, and recorded on a conversation', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const root = `Карты ${stamp}`;
  const child = `Блокировка ${stamp}`;
  const grandchild = `Утеря ${stamp}`;
  const sibling = `Лимиты ${stamp}`;

  // The administrator builds Карты › Блокировка › Утеря and Карты › Лимиты.
  const { context: adminContext, page: admin } = await signIn(browser, STAFF.topicsAdmin);
  await admin.setViewportSize({ width: 1366, height: 768 });
  await admin.goto('/settings/topics');
  await pageLive(admin);
  await admin.getByLabel('Новая тематика верхнего уровня').fill(root);
  await admin.getByRole('button', { name: 'Добавить тематику' }).click();
  const tree = admin.getByTestId('topic-tree');
  const row = (name: string) => tree.locator('.topic-row', { hasText: name });
  await expect(row(root)).toBeVisible();

  const addChild = async (parent: string, name: string) => {
    await row(parent).getByRole('button', { name: 'Добавить подтему' }).click();
    const input = admin.getByRole('textbox', { name: 'Название подтемы' });
    await input.fill(name);
    await input.press('Enter');
    await expect(row(name)).toBeVisible();
    await expect(input).toHaveValue('');
    await input.press('Escape');
    await expect(input).toBeHidden();
  };
  await addChild(root, child);
  await addChild(child, grandchild);
  await addChild(root, sibling);
  await expect(row(grandchild)).toContainText('уровень 3');
  // Siblings can be reordered: "Лимиты" moves above "Блокировка".
  await row(sibling).getByRole('button', { name: 'Выше' }).click();
  await expect(tree.locator('.topic-name').filter({ hasText: stamp })).toHaveText([root, sibling, child, grandchild]);

  await setRequired(admin, true);
  await admin.screenshot({ path: 'test-results/topics-editor.png', fullPage: true });

  // A Kazakh customer writes; the Kazakh operator receives the conversation.
  const { context: opContext, page: op } = await signIn(browser, STAFF.topicsKk, 'kk');
  await op.setViewportSize({ width: 1366, height: 768 });
  await op.goto('/workspace');
  await expect(op.getByTestId('state-switch')).toHaveAttribute('data-ready', 'true');
  const state = op.getByRole('combobox', { name: KK.state });
  await state.selectOption('available');
  await expect(state.locator('option:checked')).toHaveText(KK.available);

  const customerContext = await browser.newContext();
  const widget = await openWidget(await customerContext.newPage(), CHANNELS.ru.key, 'kk');
  const text = `Сәлеметсіз бе, картам бұғатталды ${stamp}`;
  await customerSends(widget, text);
  const mine = op.getByTestId('mine').locator('li', { hasText: text });
  await expect(mine).toBeVisible();
  await mine.locator('a').first().click();
  await expect(op).toHaveURL(/\/workspace\?c=\d+/);
  await expect(op.getByTestId('messages').getByText(text)).toBeVisible();

  // Closing without a topic is refused with the translated reason.
  await op.getByRole('button', { name: KK.close }).click();
  await expect(op.getByRole('alert').filter({ hasText: KK.topicRequired })).toBeVisible();

  // Two topics, by any part of their paths, with the keyboard and the mouse.
  const search = op.getByRole('combobox', { name: KK.search });
  await search.fill(`утеря ${stamp}`);
  const picker = op.getByTestId('topic-picker');
  await expect(picker.getByRole('option', { name: `${root} › ${child} › ${grandchild}` })).toBeVisible();
  await search.press('Enter');
  const chips = picker.locator('.topic-chip');
  await expect(chips).toHaveCount(1);
  await expect(chips.nth(0)).toContainText(`${root} › ${child} › ${grandchild}`);
  await expect(search).toHaveValue('');
  await search.fill(stamp);
  await expect(picker.getByRole('option')).toHaveCount(3);
  await op.screenshot({ path: 'test-results/topics-picker.png' });
  await picker.getByRole('option', { name: `${root} › ${sibling}` }).click();
  await expect(chips).toHaveCount(2);
  await expect(chips.nth(1)).toContainText(`${root} › ${sibling}`);

  // The customer's topic history lists both; filter by a subtree, sort by topic.
  const history = op.getByTestId('topic-history');
  await history.locator('summary').click();
  const rows = history.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(CHANNELS.ru.name);
  await history.getByLabel(KK.sort, { exact: true }).selectOption('topic');
  await expect(rows.nth(0)).toContainText(`${root} › ${child} › ${grandchild}`);
  await expect(rows.nth(1)).toContainText(`${root} › ${sibling}`);
  await history.getByLabel(KK.filter, { exact: true }).selectOption({ label: `${root} › ${child}` });
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText(grandchild);
  await op.screenshot({ path: 'test-results/topics-history.png' });

  // Now it closes.
  await op.getByRole('button', { name: KK.close }).click();
  await expect(op.getByTestId('conversation-status')).toHaveText(KK.closed);
  await expect(op.getByRole('alert').filter({ hasText: KK.topicRequired })).toHaveCount(0);

  // A used topic can't be deleted: the administrator archives the branch instead,
  // and turns "required" off again, as other tests close without topics.
  await admin.reload();
  await pageLive(admin);
  await expect(row(root)).toContainText('используется');
  await expect(row(root).getByRole('button', { name: 'Удалить' })).toHaveCount(0);
  await row(root).getByRole('button', { name: 'В архив' }).click();
  await expect(row(grandchild)).toContainText('в архиве');
  await setRequired(admin, false);

  await state.selectOption('offline');
  await expect(state.locator('option:checked')).toHaveText(KK.offline);
  await op.locator('.sign-out button').click();
  await expect(op).toHaveURL(/\/login/);
  await admin.locator('.sign-out button').click();
  await expect(admin).toHaveURL(/\/login/);
  await customerContext.close();
  await opContext.close();
  await adminContext.close();
});
