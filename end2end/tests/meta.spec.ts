// WhatsApp (Meta's Cloud API) end to end, against a local server that speaks the
// Graph API's documented send shape: an administrator connects WhatsApp on the
// channels page; Meta's webhook handshake answers the challenge; signed events bring two
// Kazakh customers' messages; a Kazakh operator answers one (the local Graph API receives
// it, the message shows delivered), then finds the other record of the same person in
// the customer card, merges it into one history, and undoes the merge; an e-mail the
// customer gave is typed into the card (unverified) and removed again.
import { test, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import { STAFF, pageLive, signIn, stateSwitchReady } from './fixtures';
import { closeServer, localServer } from './local-server';

const PORT = 9012;
const GRAPH = `http://127.0.0.1:${PORT}`;
const PHONE_ID = '106540352242922';
const ACCESS_TOKEN = 'EAAGe2eWhatsAppAccessToken0123456789';
const APP_SECRET = 'e2e0app0secret0123456789abcdef01';

type Sent = { path: string; auth: string; body: { to?: string; type?: string; text?: { body?: string } } };
const sent: Sent[] = [];
let graph: http.Server;

test.beforeAll(async () => {
  let n = 0;
  graph = await localServer(PORT, (req, raw) => {
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${ACCESS_TOKEN}`) {
      return { status: 401, json: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } } };
    }
    sent.push({ path: req.url ?? '', auth, body: raw ? JSON.parse(raw) : {} });
    n += 1;
    return { status: 200, json: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: `wamid.E2E${n}` }] } };
  });
});

test.afterAll(async () => {
  await closeServer(graph);
});

function event(from: string, name: string, id: string, text: string) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '77172000000', phone_number_id: PHONE_ID },
      contacts: [{ profile: { name }, wa_id: from }],
      messages: [{ from, id, timestamp: `${Math.floor(Date.now() / 1000)}`, type: 'text', text: { body: text } }],
    } }] }],
  };
}

test('WhatsApp: connected, verified, answered, and two records of one customer merged and unmerged', async ({ browser, request }) => {
  const stamp = Date.now().toString(36);

  // The administrator connects WhatsApp; a malformed phone number id is refused by name.
  const admin = await signIn(browser, STAFF.admin);
  await admin.page.goto('/admin/channels');
  await pageLive(admin.page);
  await admin.page.getByTestId('add-whatsapp').click();
  const form = admin.page.getByTestId('meta-form');
  await form.locator('input[name=name]').fill(`E2E WhatsApp ${stamp}`);
  await form.locator('input[name=account_id]').fill('not-a-number');
  await form.locator('input[name=access_token]').fill(ACCESS_TOKEN);
  await form.locator('input[name=app_secret]').fill(APP_SECRET);
  await form.locator('input[name=graph_base]').fill(GRAPH);
  await form.locator('button[type=submit]').click();
  await expect(form.getByRole('alert')).toContainText('ID страницы, аккаунта или номера');
  await form.locator('input[name=account_id]').fill(PHONE_ID);
  await form.locator('button[type=submit]').click();
  const row = admin.page.getByTestId('channels').locator(`tr[data-channel="E2E WhatsApp ${stamp}"]`);
  await expect(row).toHaveAttribute('data-kind', 'whatsapp');
  const webhookPath = (await row.getByTestId('meta-webhook').locator('code').first().textContent())!;
  const verifyToken = (await row.getByTestId('verify-token').textContent())!;
  expect(webhookPath).toMatch(/^\/channels\/meta\/[0-9a-f]{32}$/);
  // Credentials never come back to the page.
  const html = await admin.page.content();
  expect(html).not.toContain(ACCESS_TOKEN);
  expect(html).not.toContain(APP_SECRET);
  await admin.page.screenshot({ path: 'test-results/meta-channels-page.png', fullPage: true });

  // Meta's handshake: the right verify token gets the challenge back, a wrong one 403.
  const hello = await request.get(`${webhookPath}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=8734`);
  expect(hello.status()).toBe(200);
  expect(await hello.text()).toBe('8734');
  expect((await request.get(`${webhookPath}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)).status()).toBe(403);

  // Meta posts signed events; an unsigned one is refused.
  const post = (body: object, secret = APP_SECRET) => {
    const raw = JSON.stringify(body);
    const signature = 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');
    return request.post(webhookPath, { data: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } });
  };
  const first = `Сәлеметсіз бе, несие туралы ${stamp}`;
  expect((await post(event('77011112233', 'Айгерім', `wamid.A${stamp}`, first), 'wrong-secret')).status()).toBe(401);

  const { page: operator } = await signIn(browser, STAFF.metaKk, 'kk');
  await operator.setViewportSize({ width: 1366, height: 768 });
  await operator.goto('/workspace');
  await stateSwitchReady(operator);

  // An earlier record of the same person, from another number: answered and closed.
  const earlier = `Бұрынғы сұрақ ${stamp}`;
  expect((await post(event('77019998877', `Айгерім Б ${stamp}`, `wamid.B${stamp}`, earlier))).status()).toBe(200);
  const queue = operator.getByTestId('queue');
  await expect(queue.locator('li', { hasText: earlier })).toBeVisible({ timeout: 20_000 });
  await queue.locator('li', { hasText: earlier }).getByRole('button', { name: 'Алу' }).click();
  await expect(operator.getByTestId('messages').getByText(earlier)).toBeVisible();
  await operator.getByRole('button', { name: 'Диалогты аяқтау' }).click();
  await expect(operator.getByTestId('mine').locator('li', { hasText: earlier })).toContainText('Аяқталған');

  // The customer writes now; the operator takes it and answers.
  expect((await post(event('77011112233', 'Айгерім', `wamid.A${stamp}`, first))).status()).toBe(200);
  await expect(queue.locator('li', { hasText: first })).toBeVisible({ timeout: 20_000 });
  await queue.locator('li', { hasText: first }).getByRole('button', { name: 'Алу' }).click();
  await expect(operator).toHaveURL(/\/workspace\?c=\d+/);
  // Opened from the operator's own list, so nothing selected earlier stays in the way.
  await operator.getByTestId('mine').locator('li', { hasText: first }).click();
  const messages = operator.getByTestId('messages');
  await expect(messages.getByText(first)).toBeVisible();
  const answer = `Сәлеметсіз бе! Қандай несие? ${stamp}`;
  await operator.locator('.composer textarea').fill(answer);
  await operator.locator('.composer textarea').press('Enter');
  await expect.poll(() => sent.find((s) => s.body.text?.body === answer)?.body.to, { timeout: 15_000 }).toBe('77011112233');
  expect(sent.find((s) => s.body.text?.body === answer)!.path).toBe(`/v21.0/${PHONE_ID}/messages`);
  await expect(messages.locator('li', { hasText: answer }).getByTestId('delivery')).toHaveAttribute('data-status', 'sent', { timeout: 10_000 });

  // The card: WhatsApp vouched for the number; the earlier record is found and merged.
  const card = operator.getByTestId('customer-card');
  await expect(card.getByTestId('card-identifiers-list')).toContainText('77011112233');
  const panel = card.getByTestId('merge-panel');
  await panel.locator('input[name=merge_query]').fill(`Айгерім Б ${stamp}`);
  await panel.locator('button[type=submit]').click();
  const candidate = panel.getByTestId('merge-candidates').locator('li').first();
  await expect(candidate).toContainText(`Айгерім Б ${stamp}`);
  await candidate.locator('button.link').click();
  await candidate.getByTestId('confirm-merge').click();
  const merges = card.getByTestId('card-merges');
  await expect(merges).toContainText(`Айгерім Б ${stamp}`);
  await expect(merges).toContainText(STAFF.metaKk.login);
  // One history: the earlier conversation and its number are this customer's now.
  await expect(card.getByTestId('card-past').locator('li')).toHaveCount(1);
  await expect(card.getByTestId('card-identifiers-list')).toContainText('77019998877');
  await operator.screenshot({ path: 'test-results/meta-merged-card.png', fullPage: true });

  // Undo: the two records stand apart again.
  await merges.getByRole('button').first().click();
  await expect(card.getByTestId('card-merges')).toHaveCount(0);
  await expect(card.getByTestId('card-identifiers-list')).not.toContainText('77019998877');
  await expect(card.getByTestId('card-past').locator('li')).toHaveCount(0);

  // The customer gives an e-mail in the chat: the operator types it into the card, where
  // it stays unverified (a typo is refused with a reason first), and can remove it again.
  const add = card.getByTestId('add-identifier');
  await add.locator('select[name=identifier_kind]').selectOption('email');
  await add.locator('input[name=identifier_value]').fill('aigerim at mail');
  await add.locator('button[type=submit]').click();
  await expect(card.getByTestId('card-identifiers').getByRole('alert')).toHaveText('Бұл электрондық пошта мекенжайы емес.');
  await expect(add.locator('input[name=identifier_value]')).toHaveValue('aigerim at mail');
  await add.locator('input[name=identifier_value]').fill(` Aigerim.${stamp}@Mail.KZ `);
  await add.locator('button[type=submit]').click();
  const typed = card.getByTestId('card-identifiers-list').locator('li', { hasText: `aigerim.${stamp}@mail.kz` });
  await expect(typed).toHaveAttribute('data-verified', 'false');
  await expect(card.getByTestId('card-identifiers').getByRole('alert')).toHaveCount(0);
  await expect(card.getByTestId('card-identifiers-list').locator('li', { hasText: '77011112233' })).toHaveAttribute('data-verified', 'true');
  await operator.screenshot({ path: 'test-results/meta-typed-identifier.png', fullPage: true });
  await typed.getByRole('button', { name: 'Жою' }).click();
  await expect(typed).toHaveCount(0);
});
