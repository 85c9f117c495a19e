// Operator states: switching in the header, time in state, the over-duration warning,
// and sign-out putting the operator offline.
import { test, expect } from '@playwright/test';
import { STAFF, signIn, stateSwitchReady } from './fixtures';

test('an operator switches state in the header and is warned past the recommended time', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.operator2);
  await page.goto('/workspace');
  const state = page.getByRole('combobox', { name: 'Статус' });
  const timer = page.getByTestId('time-in-state');
  await expect(state.locator('option:checked')).toHaveText('Не в сети');
  await stateSwitchReady(page);

  await state.selectOption('available');
  await expect(state.locator('option:checked')).toHaveText('Доступен');
  await expect(timer).toHaveText(/^0:0\d$/);
  // The timer runs.
  await expect(timer).not.toHaveText('0:00', { timeout: 5_000 });
  await expect(page.getByTestId('state-switch').getByRole('status')).toHaveCount(0);

  // A custom state with a zero-minute recommendation: the warning shows.
  await state.selectOption('training');
  await expect(state.locator('option:checked')).toHaveText('Обучение');
  await expect(page.getByText('Дольше рекомендованных 0 мин')).toBeVisible({ timeout: 5_000 });
  await page.screenshot({ path: 'test-results/state-over.png' });

  // The state is the server's: a reload keeps it.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Статус' }).locator('option:checked')).toHaveText('Обучение');

  // Signing out ends the shift and puts the operator offline.
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login/);
  await context.close();
  const again = await signIn(browser, STAFF.operator2);
  await again.page.goto('/workspace');
  await expect(again.page.getByRole('combobox', { name: 'Статус' }).locator('option:checked')).toHaveText('Не в сети');
  await again.context.close();
});

test('a supervisor, who handles no chats, has no state switch', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.supervisor);
  await page.goto('/workspace');
  await expect(page.getByRole('heading', { name: 'Очередь' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Статус' })).toHaveCount(0);
  await context.close();
});

test('an operator starts a shift explicitly and ends it, going offline', async ({ browser }) => {
  const { context, page } = await signIn(browser, STAFF.operator);
  await page.goto('/workspace');
  const state = page.getByRole('combobox', { name: 'Статус' });
  await stateSwitchReady(page);
  await page.getByRole('button', { name: 'Начать смену' }).click();
  await expect(page.getByRole('button', { name: 'Завершить смену' })).toBeVisible();
  await state.selectOption('pause');
  await expect(state.locator('option:checked')).toHaveText('Перерыв');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Завершить смену' })).toBeVisible();
  await stateSwitchReady(page);
  await page.getByRole('button', { name: 'Завершить смену' }).click();
  await expect(page.getByRole('button', { name: 'Начать смену' })).toBeVisible();
  await expect(state.locator('option:checked')).toHaveText('Не в сети');
  await context.close();
});
