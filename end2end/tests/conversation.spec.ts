// The first conversation end to end, in real time, in two browser contexts:
// the customer on a bank's page (another site), the operator in the workspace.
import { test, expect, type WebSocketRoute } from '@playwright/test';
import { CHANNELS, STAFF, customerSends, openWidget, signIn } from './fixtures';

const RUNS = [
  {
    lang: 'ru',
    channel: CHANNELS.ru,
    t: {
      waiting: 'Ожидайте, оператор скоро подключится.',
      take: 'Взять',
      operatorTyping: 'Оператор печатает…',
      customerTyping: 'Клиент печатает…',
      reconnecting: 'Нет связи, переподключаемся',
      rate: 'Оцените, пожалуйста, работу оператора:',
      resume: 'Продолжить диалог',
      close: 'Завершить диалог',
      rating: 'Оценка:',
      active: 'В работе',
      thanks: 'Спасибо за оценку!',
      comment: 'Спасибо, всё понятно объяснили',
      offline: 'Связь потеряна, переподключаемся…',
    },
  },
  {
    lang: 'uz-Cyrl',
    channel: CHANNELS.uz,
    t: {
      waiting: 'Кутинг, оператор тез орада уланади.',
      take: 'Олиш',
      operatorTyping: 'Оператор ёзмоқда…',
      customerTyping: 'Мижоз ёзмоқда…',
      reconnecting: 'Алоқа йўқ, қайта уланмоқда',
      rate: 'Илтимос, оператор ишини баҳоланг:',
      resume: 'Суҳбатни давом эттириш',
      close: 'Суҳбатни якунлаш',
      rating: 'Баҳо:',
      active: 'Жараёнда',
      thanks: 'Баҳоингиз учун раҳмат!',
      comment: 'Раҳмат, тез ёрдам бердингиз',
      offline: 'Алоқа узилди, қайта уланмоқда…',
    },
  },
];

for (const run of RUNS) {
  test(`a customer and an operator talk, drop, reload, close, rate and resume (${run.lang})`, async ({ browser }) => {
    const { t } = run;
    const stamp = Date.now().toString(36);

    // Customer: the bank's page on localhost embeds the widget from 127.0.0.1.
    const customerContext = await browser.newContext();
    // The test's hand on the customer's socket: it can cut it and hold reconnects off.
    let blocked = false;
    const routes: WebSocketRoute[] = [];
    await customerContext.routeWebSocket(/\/ws\/widget/, (ws) => {
      if (blocked) {
        void ws.close({ code: 4000, reason: 'test: network down' });
        return;
      }
      ws.connectToServer();
      routes.push(ws);
    });
    const customer = await customerContext.newPage();
    const widget = await openWidget(customer, run.channel.key, run.lang);

    // Operator signs in and opens the workspace before the customer writes; the test
    // holds the operator's socket too.
    const { context: operatorContext, page: operator } = await signIn(browser, STAFF.operator, run.lang);
    let operatorBlocked = false;
    const operatorRoutes: WebSocketRoute[] = [];
    await operatorContext.routeWebSocket(/\/ws\/staff/, (ws) => {
      if (operatorBlocked) {
        void ws.close({ code: 4000, reason: 'test: network down' });
        return;
      }
      ws.connectToServer();
      operatorRoutes.push(ws);
    });
    await operator.goto('/workspace');
    const queue = operator.getByTestId('queue');

    const first = `Salom ${stamp}: kartam bloklandi`;
    await customerSends(widget, first);
    await expect(widget.locator('.message.mine .body', { hasText: first })).toBeVisible();
    await expect(widget.getByText(t.waiting)).toBeVisible();

    // It appears in the operator's queue at once, pushed over the WebSocket (no reload).
    const row = queue.locator('li', { hasText: first });
    await expect(row).toBeVisible({ timeout: 5_000 });
    await row.getByRole('button', { name: t.take }).click();
    await expect(operator).toHaveURL(/\/workspace\?c=\d+/);
    const messages = operator.getByTestId('messages');
    await expect(messages.getByText(first)).toBeVisible();
    await expect(operator.getByTestId('conversation-status')).toHaveText(t.active);

    // Typing indicators both ways.
    await operator.locator('.composer textarea').pressSequentially('Ass', { delay: 30 });
    await expect(widget.getByText(t.operatorTyping)).toBeVisible();
    await widget.locator('.composer textarea').pressSequentially('yana', { delay: 30 });
    await expect(operator.getByText(t.customerTyping)).toBeVisible();
    await widget.locator('.composer textarea').fill('');

    // The operator replies; the customer sees it at once.
    const reply = `Assalomu alaykum! ${stamp} Kartangizni tekshiryapman.`;
    await operator.locator('.composer textarea').fill(reply);
    await operator.locator('.composer textarea').press('Enter');
    await expect(widget.locator('.message.theirs .body', { hasText: reply })).toBeVisible({ timeout: 5_000 });
    await expect(operator.locator('.composer textarea')).toHaveValue('');

    // The customer's connection drops; both sides write while it is down.
    blocked = true;
    for (const ws of routes.splice(0)) await ws.close({ code: 4000, reason: 'test: network down' }).catch(() => {});
    await expect(widget.getByText(t.reconnecting)).toBeVisible();
    const whileDown = `Offline ${stamp}`;
    await customerSends(widget, whileDown);
    await expect(widget.locator('.message.pending .body', { hasText: whileDown })).toBeVisible();
    const replyWhileDown = `Reply while you were away ${stamp}`;
    await operator.locator('.composer textarea').fill(replyWhileDown);
    await operator.locator('.composer button[type=submit]').click();
    await expect(messages.getByText(replyWhileDown)).toBeVisible();

    // The network comes back: the widget reconnects by itself, sends what was pending,
    // and receives what it missed; nothing is lost and nothing doubled.
    blocked = false;
    await expect(widget.getByText(t.reconnecting)).toBeHidden({ timeout: 20_000 });
    await expect(widget.locator('.message.theirs .body', { hasText: replyWhileDown })).toHaveCount(1);
    await expect(widget.locator('.message.mine:not(.pending) .body', { hasText: whileDown })).toHaveCount(1);
    await expect(widget.locator('.message.pending')).toHaveCount(0);
    await expect(messages.getByText(whileDown)).toHaveCount(1);

    // Now the operator's connection drops; the customer writes meanwhile. The workspace
    // says it is offline, reconnects by itself and shows the message exactly once.
    operatorBlocked = true;
    for (const ws of operatorRoutes.splice(0)) await ws.close({ code: 4000, reason: 'test: network down' }).catch(() => {});
    await expect(operator.getByText(t.offline)).toBeVisible();
    const whileOperatorDown = `Are you there? ${stamp}`;
    await customerSends(widget, whileOperatorDown);
    await expect(widget.locator('.message.mine:not(.pending) .body', { hasText: whileOperatorDown })).toHaveCount(1);
    operatorBlocked = false;
    await expect(operator.getByText(t.offline)).toBeHidden({ timeout: 20_000 });
    await expect(messages.getByText(whileOperatorDown)).toHaveCount(1);

    // Both keep the full history after a reload.
    await customer.reload();
    const widgetAgain = customer.frameLocator('iframe[data-cc-widget]');
    await widgetAgain.locator('button.launcher').click();
    for (const text of [first, reply, whileDown, replyWhileDown, whileOperatorDown]) {
      await expect(widgetAgain.locator('.message .body', { hasText: text })).toHaveCount(1);
    }
    await operator.reload();
    for (const text of [first, reply, whileDown, replyWhileDown, whileOperatorDown]) {
      await expect(messages.getByText(text)).toHaveCount(1);
    }
    await customer.screenshot({ path: `test-results/customer-chat-${run.lang}.png` });
    await operator.screenshot({ path: `test-results/operator-chat-${run.lang}.png` });

    // The operator closes; the widget at once shows the rating form on the channel's scale.
    await operator.getByRole('button', { name: t.close }).click();
    await expect(widgetAgain.getByText(t.rate)).toBeVisible({ timeout: 5_000 });
    const scores = widgetAgain.locator('.scores button');
    await expect(scores).toHaveCount(run.channel.scale);
    // A comment goes with the score (TS 6.1: satisfaction with the customers' comments).
    const comment = `${t.comment} ${stamp}`;
    await widgetAgain.locator('textarea.rating-comment').fill(comment);
    await customer.screenshot({ path: `test-results/customer-rating-${run.lang}.png` });
    await scores.nth(3).click();
    await expect(widgetAgain.getByText(t.thanks)).toBeVisible();

    // A supervisor reads it in the comments report, with the operator and the score.
    const sup = await signIn(browser, STAFF.supervisor);
    await sup.page.goto('/reports/staff?kind=comments');
    const commented = sup.page.getByTestId('staff-report').locator('tbody tr', { hasText: comment });
    await expect(commented).toBeVisible();
    await expect(commented.locator('td').nth(3)).toHaveText(`4 / ${run.channel.scale}`);
    await sup.page.screenshot({ path: `test-results/staff-comments-${run.lang}.png`, fullPage: true });
    await sup.context.close();

    // The rating reaches the operator.
    await expect(operator.getByTestId('conversation-rating')).toHaveText(`${t.rating} 4 / ${run.channel.scale}`);

    // Resuming reopens the conversation with the same operator.
    await widgetAgain.getByRole('button', { name: t.resume }).click();
    await expect(widgetAgain.locator('.composer textarea')).toBeVisible();
    await expect(operator.getByTestId('conversation-status')).toHaveText(t.active);
    const after = `Yana bir savol ${stamp}`;
    await customerSends(widgetAgain, after);
    await expect(messages.getByText(after)).toBeVisible();

    await customerContext.close();
    await operatorContext.close();
  });
}
