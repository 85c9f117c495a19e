// The invisible assistant (TS 9.7): a supervisor opens a live conversation, reads it in
// real time and writes an internal note; the operator sees it at once; the supervisor
// invites an expert, who finds the conversation in their list, reads new messages live
// and adds a note. The customer never sees any of it: not in the widget's DOM and not in
// a single frame its WebSocket receives.
import { test, expect } from '@playwright/test';
import { CHANNELS, STAFF, customerSends, openWidget, setState, signIn, stateSwitchReady } from './fixtures';

test('a supervisor and an invited expert whisper; the customer sees nothing of it', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const op = await signIn(browser, STAFF.assistKk);
  await op.page.goto('/workspace');
  await setState(op.page, 'available', 'Доступен');
  // Whatever happens, the operator goes offline again: an available kk operator left
  // behind would take the next specs' Kazakh customers.
  try {

    // The customer's page records every frame its chat socket receives.
    const customerContext = await browser.newContext();
    const customerPage = await customerContext.newPage();
    const frames: string[] = [];
    customerPage.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    const widget = await openWidget(customerPage, CHANNELS.uz.key, 'kk');
    const question = `Депозит туралы сұрақ ${stamp}`;
    await customerSends(widget, question);

    const row = op.page.getByTestId('mine').locator('li', { hasText: question });
    await expect(row).toBeVisible();
    await row.locator('a.row').click();
    await expect(op.page).toHaveURL(/\/workspace\?c=\d+/);
    const conversationUrl = new URL(op.page.url()).pathname + new URL(op.page.url()).search;
    const answer = `Сәлеметсіз бе! ${stamp}`;
    await op.page.locator('.composer textarea').fill(answer);
    await op.page.locator('.composer textarea').press('Enter');
    await expect(widget.getByText(answer)).toBeVisible();

    // The supervisor joins and writes a note; the operator sees it without reloading.
    const sup = await signIn(browser, STAFF.supervisor);
    await sup.page.setViewportSize({ width: 1366, height: 768 });
    await sup.page.goto(conversationUrl);
    await expect(sup.page.getByTestId('messages').getByText(question)).toBeVisible();
    await expect(sup.page.getByTestId('card-head')).toHaveAttribute('data-live', 'true');
    const supNote = `Предложите депозит «Жинақ» ${stamp}`;
    const supForm = sup.page.getByTestId('internal-note-form');
    await supForm.getByLabel('Внутренняя заметка (видят только сотрудники, клиент её не видит)').fill(supNote);
    await supForm.getByRole('button', { name: 'Добавить заметку' }).click();
    await expect(sup.page.getByTestId('internal-event').filter({ hasText: supNote })).toBeVisible();
    await expect(supForm.locator('textarea')).toHaveValue('');
    const opNote = op.page.getByTestId('internal-event').filter({ hasText: supNote });
    await expect(opNote).toBeVisible();
    await expect(opNote).toContainText(`Внутренняя заметка: ${STAFF.supervisor.name}`);

    // A blank note is refused with a translated error.
    await supForm.getByRole('button', { name: 'Добавить заметку' }).click();
    await expect(supForm.getByRole('alert')).toBeVisible();

    // The supervisor invites an expert.
    await sup.page.getByRole('button', { name: 'Пригласить эксперта' }).click();
    const panel = sup.page.getByTestId('invite-panel');
    const employee = panel.getByLabel('Сотрудник');
    await expect(employee.locator('option', { hasText: STAFF.expert.name })).toHaveCount(1);
    await employee.selectOption({ label: STAFF.expert.name });
    await panel.getByRole('button', { name: 'Пригласить', exact: true }).click();
    await expect(panel).toHaveCount(0);
    await expect(sup.page.getByTestId('internal-event').filter({ hasText: `пригласил(а) эксперта: ${STAFF.expert.name}` })).toBeVisible();

    // The expert finds it in their list, reads it, and sees the customer's next words live.
    const expert = await signIn(browser, STAFF.expert);
    await expert.page.goto('/workspace');
    const expertRow = expert.page.getByTestId('mine').locator(`a[href="${conversationUrl}"]`);
    await expect(expertRow).toBeVisible();
    await expertRow.click();
    await expect(expert.page.getByTestId('messages').getByText(question)).toBeVisible();
    // The customer card is only the operator's; the page is live once the header's switch is.
    await stateSwitchReady(expert.page);
    const later = `Пайызы қандай? ${stamp}`;
    await customerSends(widget, later);
    await expect(expert.page.getByTestId('messages').getByText(later)).toBeVisible();
    const expertNote = `Ставка 14,5 % для суммы от 1 млн ${stamp}`;
    const expertForm = expert.page.getByTestId('internal-note-form');
    await expertForm.locator('textarea').fill(expertNote);
    await expertForm.getByRole('button', { name: 'Добавить заметку' }).click();
    await expect(sup.page.getByTestId('internal-event').filter({ hasText: expertNote })).toBeVisible();
    await expect(op.page.getByTestId('internal-event').filter({ hasText: expertNote })).toBeVisible();
    await sup.page.screenshot({ path: 'test-results/assistant-supervisor.png' });

    // The operator answers; the customer gets that and nothing else.
    const second = `Жылдық 14,5 % ${stamp}`;
    await op.page.locator('.composer textarea').fill(second);
    await op.page.locator('.composer textarea').press('Enter');
    await expect(widget.getByText(second)).toBeVisible();
    await customerPage.screenshot({ path: 'test-results/assistant-customer.png' });
    const customerText = await widget.locator('body').innerText();
    const received = frames.join('\n');
    expect(received).toContain(second);
    for (const secret of [supNote, expertNote, 'Жинақ', STAFF.supervisor.name, STAFF.expert.name, STAFF.expert.login, 'эксперт']) {
      expect(customerText).not.toContain(secret);
      expect(received).not.toContain(secret);
    }

    await op.page.getByRole('button', { name: 'Завершить диалог' }).click();
    await expect(op.page.getByTestId('conversation-status')).toHaveText('Завершён');
    await customerContext.close();
    for (const s of [sup, expert]) await s.context.close();
  } finally {
    await setState(op.page, 'offline', 'Не в сети');
  }
  await op.context.close();
});
