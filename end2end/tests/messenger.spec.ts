// Facebook Messenger and Instagram end to end, against a local server that speaks the
// Graph API's documented shapes (profile fields, the Send API, its error codes): an
// administrator connects a Page and an Instagram account whose customers speak Kazakh;
// Meta's signed events bring a Messenger and an Instagram customer; a Kazakh-only
// operator gets both, answers each through its own account, and the Messenger customer
// rates the conversation with the quick replies sent at closing. A Send API refusal
// (Meta's code 551) shows on the message with Meta's reason.
import { test, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import { STAFF, pageLive, signIn, stateSwitchReady } from './fixtures';
import { closeServer, localServer } from './local-server';

const PORT = 9014;
const GRAPH = `http://127.0.0.1:${PORT}`;
const PAGE_ID = '104123456789012';
const IG_ID = '17841400000000001';
const ACCESS_TOKEN = 'EAAGe2eMessengerPageAccessToken01234';
const APP_SECRET = 'e2e0page0secret0123456789abcdef0';
// A person Meta refuses to deliver to (code 551, "This person isn't available right now").
const UNAVAILABLE = 'PSID-UNAVAILABLE';

type Sent = {
  path: string;
  body: {
    recipient?: { id?: string };
    messaging_type?: string;
    message?: { text?: string; quick_replies?: { title: string; payload: string }[] };
  };
};
const sent: Sent[] = [];
let graph: http.Server;

test.beforeAll(async () => {
  let n = 0;
  graph = await localServer(PORT, (req, raw) => {
    if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) {
      return { status: 401, json: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } } };
    }
    const url = new URL(req.url ?? '/', GRAPH);
    // The User Profile API: Messenger's first and last name, Instagram's name.
    if (req.method === 'GET') {
      const id = url.pathname.split('/').pop();
      return { status: 200, json: id?.startsWith('IGSID')
        ? { name: 'Динара Ахметова', username: 'dinara.a', id }
        : { first_name: 'Асқар', last_name: 'Нұрланов', id } };
    }
    const body = raw ? JSON.parse(raw) : {};
    if (body.recipient?.id === UNAVAILABLE) {
      return { status: 400, json: { error: { message: "(#551) This person isn't available right now.", type: 'OAuthException', code: 551, fbtrace_id: 'E2E' } } };
    }
    sent.push({ path: url.pathname, body });
    n += 1;
    return { status: 200, json: { recipient_id: body.recipient?.id, message_id: `m_E2E${n}` } };
  });
});

test.afterAll(async () => {
  await closeServer(graph);
});

function messaging(object: 'page' | 'instagram', account: string, sender: string, message: object) {
  return {
    object,
    entry: [{ id: account, time: Date.now(), messaging: [
      { sender: { id: sender }, recipient: { id: account }, timestamp: Date.now(), message },
    ] }],
  };
}

test('Messenger and Instagram: connected in Kazakh, answered through each account, rated with quick replies', async ({ browser, request }) => {
  const stamp = Date.now().toString(36);
  const admin = await signIn(browser, STAFF.admin);
  await admin.page.goto('/admin/channels');
  await pageLive(admin.page);

  // The administrator connects the Page and the Instagram account; their customers speak Kazakh.
  const connect = async (kind: 'messenger' | 'instagram', name: string, account: string) => {
    await admin.page.getByTestId(`add-${kind}`).click();
    const form = admin.page.getByTestId('meta-form');
    await expect(form).toHaveAttribute('data-kind', kind);
    await form.locator('input[name=name]').fill(name);
    await form.locator('input[name=account_id]').fill(account);
    await form.locator('input[name=access_token]').fill(ACCESS_TOKEN);
    await form.locator('input[name=app_secret]').fill(APP_SECRET);
    await form.locator('input[name=graph_base]').fill(GRAPH);
    await form.locator('select[name=customer_language]').selectOption('kk');
    if (kind === 'messenger') {
      await admin.page.screenshot({ path: 'test-results/messenger-form.png', fullPage: true });
    }
    await form.locator('button[type=submit]').click();
    const row = admin.page.getByTestId('channels').locator(`tr[data-channel="${name}"]`);
    await expect(row).toHaveAttribute('data-kind', kind);
    const path = (await row.getByTestId('meta-webhook').locator('code').first().textContent())!;
    const token = (await row.getByTestId('verify-token').textContent())!;
    return { row, path, token };
  };
  const page = await connect('messenger', `E2E Page ${stamp}`, PAGE_ID);
  const insta = await connect('instagram', `E2E Instagram ${stamp}`, IG_ID);
  expect(page.path).not.toBe(insta.path);
  const html = await admin.page.content();
  expect(html).not.toContain(ACCESS_TOKEN);
  expect(html).not.toContain(APP_SECRET);

  // Editing keeps the language chosen.
  await page.row.getByRole('button', { name: 'Изменить' }).click();
  await expect(admin.page.getByTestId('meta-form').locator('select[name=customer_language]')).toHaveValue('kk');
  await admin.page.getByTestId('meta-form').getByRole('button', { name: 'Отмена' }).click();

  // Meta's handshake for each.
  for (const hook of [page, insta]) {
    const hello = await request.get(`${hook.path}?hub.mode=subscribe&hub.verify_token=${hook.token}&hub.challenge=${stamp}`);
    expect(await hello.text()).toBe(stamp);
  }
  const post = (path: string, body: object, secret = APP_SECRET) => {
    const raw = JSON.stringify(body);
    const signature = 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');
    return request.post(path, { data: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } });
  };

  const { page: operator } = await signIn(browser, STAFF.metaKk, 'kk');
  await operator.setViewportSize({ width: 1366, height: 768 });
  await operator.goto('/workspace');
  await stateSwitchReady(operator);
  const queue = operator.getByTestId('queue');
  const messages = operator.getByTestId('messages');
  const answerWith = async (text: string) => {
    await operator.locator('.composer textarea').fill(text);
    await operator.locator('.composer textarea').press('Enter');
    await expect(messages.getByText(text)).toBeVisible();
  };
  const take = async (text: string) => {
    await expect(queue.locator('li', { hasText: text })).toBeVisible({ timeout: 20_000 });
    await queue.locator('li', { hasText: text }).getByRole('button', { name: 'Алу' }).click();
    await expect(operator).toHaveURL(/\/workspace\?c=\d+/);
    await operator.getByTestId('mine').locator('li', { hasText: text }).click();
    await expect(messages.getByText(text)).toBeVisible();
    return new URL(operator.url()).searchParams.get('c')!;
  };

  // A Messenger customer writes; a forged event is refused, the signed one reaches the
  // Kazakh operator (the Page's customers start in Kazakh).
  const psid = `PSID${stamp}`;
  const question = `Картам бұғатталды ${stamp}`;
  const event = messaging('page', PAGE_ID, psid, { mid: `m_in_${stamp}`, text: question });
  expect((await post(page.path, event, 'not-the-app-secret')).status()).toBe(401);
  expect((await post(page.path, event)).status()).toBe(200);
  const conversation = await take(question);
  await expect(operator.getByTestId('contact-label')).toHaveText('Асқар Нұрланов');
  await expect(operator.getByTestId('card-language')).toHaveText('Қазақша');

  const answer = `Сәлеметсіз бе! Картаңызды тексеремін ${stamp}`;
  await answerWith(answer);
  await expect.poll(() => sent.find((s) => s.body.message?.text === answer)?.path, { timeout: 15_000 })
    .toBe(`/v21.0/${PAGE_ID}/messages`);
  const out = sent.find((s) => s.body.message?.text === answer)!;
  expect(out.body.recipient?.id).toBe(psid);
  expect(out.body.messaging_type).toBe('RESPONSE');
  await expect(messages.locator('li', { hasText: answer }).getByTestId('delivery'))
    .toHaveAttribute('data-status', 'sent', { timeout: 10_000 });
  await operator.screenshot({ path: 'test-results/messenger-workspace.png' });

  // Closing sends the rating question as quick replies 1–5 in Kazakh; the customer taps 4.
  await operator.getByRole('button', { name: 'Диалогты аяқтау' }).click();
  await expect.poll(() => sent.find((s) => s.body.recipient?.id === psid && s.body.message?.quick_replies)?.body.message?.text ?? '',
    { timeout: 15_000 }).toContain('1-ден 5-ға дейін');
  const form = sent.find((s) => s.body.recipient?.id === psid && s.body.message?.quick_replies)!;
  const replies = form.body.message!.quick_replies!;
  expect(replies.map((r) => r.title)).toEqual(['1', '2', '3', '4', '5']);
  const four = replies.find((r) => r.title === '4')!;
  expect((await post(page.path, messaging('page', PAGE_ID, psid, {
    mid: `m_rate_${stamp}`, text: '4', quick_reply: { payload: four.payload },
  }))).status()).toBe(200);
  await operator.goto(`/workspace?c=${conversation}`);
  await expect(operator.getByTestId('conversation-rating')).toContainText('4 / 5', { timeout: 15_000 });
  // The thanks went back to the customer; the tap opened no new conversation.
  await expect.poll(() => sent.filter((s) => s.body.recipient?.id === psid).length, { timeout: 10_000 }).toBe(3);
  await expect(queue.locator('li', { hasText: 'Асқар Нұрланов' })).toHaveCount(0);

  // An Instagram customer writes; the answer goes out through the Instagram account.
  const igsid = `IGSID${stamp}`;
  const dm = `Депозит туралы сұрағым бар ${stamp}`;
  expect((await post(insta.path, messaging('instagram', IG_ID, igsid, { mid: `ig_in_${stamp}`, text: dm }))).status()).toBe(200);
  await take(dm);
  await expect(operator.getByTestId('contact-label')).toHaveText('Динара Ахметова');
  const igAnswer = `Депозиттер бойынша жауап беремін ${stamp}`;
  await answerWith(igAnswer);
  await expect.poll(() => sent.find((s) => s.body.message?.text === igAnswer)?.path, { timeout: 15_000 })
    .toBe(`/v21.0/${IG_ID}/messages`);
  expect(sent.find((s) => s.body.message?.text === igAnswer)!.body.recipient?.id).toBe(igsid);
  await expect(messages.locator('li', { hasText: igAnswer }).getByTestId('delivery'))
    .toHaveAttribute('data-status', 'sent', { timeout: 10_000 });
  // Instagram's rating form is quick replies too.
  await operator.getByRole('button', { name: 'Диалогты аяқтау' }).click();
  await expect.poll(() => sent.some((s) => s.body.recipient?.id === igsid && s.body.message?.quick_replies?.length === 5),
    { timeout: 15_000 }).toBe(true);

  // Meta refuses a person (551): the message fails at once with Meta's reason.
  const gone = `Жауап ${stamp}`;
  expect((await post(page.path, messaging('page', PAGE_ID, UNAVAILABLE, { mid: `m_gone_${stamp}`, text: gone }))).status()).toBe(200);
  await take(gone);
  const lost = `Сізге хабарласамыз ${stamp}`;
  await answerWith(lost);
  const failed = messages.locator('li', { hasText: lost }).getByTestId('delivery');
  await expect(failed).toHaveAttribute('data-status', 'failed', { timeout: 15_000 });
  await expect(failed).toContainText('551');
  await operator.screenshot({ path: 'test-results/messenger-failed.png' });
  // Done: closed, so the other specs' operators see only their own customers.
  await operator.getByRole('button', { name: 'Диалогты аяқтау' }).click();
  await expect(operator.getByTestId('mine').locator('li', { hasText: lost })).toContainText('Аяқталған');
});
