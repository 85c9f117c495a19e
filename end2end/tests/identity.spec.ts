// The mobile app, the signed web widget and the bank's CRM, end to end: an
// administrator connects the mobile app (identity secret) and gives the web site its own
// identity secret on the channels page, and sets the CRM lookup on the API page (a local
// server here speaks the documented protocol); a customer writes from the app over the
// REST API, signed by the bank (an unsigned call is refused); a Kazakh operator takes
// the conversation and the customer card shows the verified bank id and what the CRM
// knows; the answer reaches the app; the same customer, signed in on the bank's web
// site, sees the same conversation in the widget and continues it there (a forged
// signature is refused with a translated message).
import { test, expect } from '@playwright/test';
import { createHmac, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { CHANNELS, STAFF, customerSends, openWidget, pageLive, signIn, stateSwitchReady } from './fixtures';
import { closeServer, localServer } from './local-server';

const CRM_PORT = 9013;
const CRM_TOKEN = 'e2e-crm-bearer-token-01234';
const SECRET = 'e2e-mobile-identity-secret-0123456789ab';
/** The web site's own identity secret: each channel has its own. */
const WEB_SECRET = 'e2e-website-identity-secret-9876543210zy';
let crm: http.Server;
const asked: { customer: { identifiers: { kind: string; value: string }[] } }[] = [];

test.beforeAll(async () => {
  crm = await localServer(CRM_PORT, (req, raw) => {
    if (req.headers.authorization !== `Bearer ${CRM_TOKEN}`) {
      return { status: 401 };
    }
    const body = JSON.parse(raw);
    asked.push(body);
    const bankId = body.customer.identifiers.find((i: { kind: string }) => i.kind === 'bank_id')?.value;
    if (!bankId) {
      return { status: 404 };
    }
    return { status: 200, json: {
      found: true,
      name: `Нұрлан Әбенов (${bankId})`,
      segment: 'Private banking',
      fields: [{ label: 'Карталар', value: 3 }, { label: 'Филиал', value: 'Астана, Есіл' }],
      url: `https://crm.bank.local/customers/${bankId}`,
    } };
  });
});

test.afterAll(async () => {
  await closeServer(crm);
});

test('a signed mobile customer is served with what the bank’s CRM knows', async ({ browser, request }) => {
  const stamp = Date.now().toString(36);
  const admin = await signIn(browser, STAFF.admin);

  // The mobile app's channel: a short identity secret is refused by name.
  await admin.page.goto('/admin/channels');
  await pageLive(admin.page);
  await admin.page.getByTestId('add-mobile').click();
  const form = admin.page.getByTestId('signed-form');
  await form.locator('input[name=name]').fill(`E2E app ${stamp}`);
  await form.locator('input[name=identity_secret]').evaluate((el) => el.removeAttribute('minlength'));
  await form.locator('input[name=identity_secret]').fill('too-short');
  await form.locator('button[type=submit]').click();
  await expect(form.getByRole('alert')).toContainText('Секрет подписи личности');
  await form.locator('input[name=identity_secret]').fill(SECRET);
  await form.locator('button[type=submit]').click();
  const row = admin.page.getByTestId('channels').locator(`tr[data-channel="E2E app ${stamp}"]`);
  await expect(row).toHaveAttribute('data-kind', 'mobile');
  const key = (await row.getByTestId('channel-key').textContent())!;
  expect(await admin.page.content()).not.toContain(SECRET);

  // The CRM lookup on the API page.
  await admin.page.goto('/admin/api');
  await pageLive(admin.page);
  const crmForm = admin.page.getByTestId('crm-form');
  await crmForm.locator('input[name=crm_url]').fill(`http://127.0.0.1:${CRM_PORT}/lookup`);
  await crmForm.locator('input[name=crm_token]').fill(CRM_TOKEN);
  await crmForm.locator('input[name=crm_timeout]').fill('2000');
  await crmForm.locator('button[type=submit]').click();
  await expect(crmForm.locator('input[name=crm_token]')).toHaveAttribute('placeholder', /сохранён/);
  await admin.page.screenshot({ path: 'test-results/identity-api-page.png', fullPage: true });

  const { page: operator } = await signIn(browser, STAFF.metaKk, 'kk');
  await operator.setViewportSize({ width: 1366, height: 768 });
  await operator.goto('/workspace');
  await stateSwitchReady(operator);

  // The app writes, signed by the bank's backend; unsigned, it is refused.
  const bankId = `CIF-${stamp}`;
  const signature = createHmac('sha256', SECRET).update(bankId).digest('hex');
  const question = `Қолданбадан жазып отырмын ${stamp}`;
  const unsigned = await request.post(`/mobile/v1/${key}/messages`, { data: { client_id: randomUUID(), body: question } });
  expect(unsigned.status()).toBe(401);
  const headers = { 'x-cc-identifier': bankId, 'x-cc-identifier-hash': signature, 'accept-language': 'kk' };
  const sent = await request.post(`/mobile/v1/${key}/messages`, { headers, data: { client_id: randomUUID(), body: question } });
  expect(sent.status()).toBe(201);

  // The operator takes it; the card shows the verified bank id and the CRM's record.
  const queue = operator.getByTestId('queue');
  await expect(queue.locator('li', { hasText: question })).toBeVisible({ timeout: 20_000 });
  await queue.locator('li', { hasText: question }).getByRole('button', { name: 'Алу' }).click();
  const card = operator.getByTestId('customer-card');
  await expect(card.getByTestId('card-identifiers-list')).toContainText(bankId);
  await expect(card.getByTestId('card-identifiers-list').locator('.badge')).toBeVisible();
  const fromCrm = card.getByTestId('card-crm');
  await expect(fromCrm.getByTestId('crm-name')).toHaveText(`Нұрлан Әбенов (${bankId})`);
  await expect(fromCrm).toContainText('Private banking');
  await expect(fromCrm).toContainText('Астана, Есіл');
  await expect(fromCrm.locator('a')).toHaveAttribute('href', `https://crm.bank.local/customers/${bankId}`);
  expect(asked.some((a) => a.customer.identifiers.some((i) => i.value === bankId))).toBe(true);
  await operator.screenshot({ path: 'test-results/identity-card-crm.png', fullPage: true });

  // The answer reaches the app (read over REST, as an app opening later would).
  const answer = `Сәлеметсіз бе! Көмектесемін ${stamp}`;
  await operator.locator('.composer textarea').fill(answer);
  await operator.locator('.composer textarea').press('Enter');
  await expect(operator.getByTestId('messages').getByText(answer)).toBeVisible();
  await expect
    .poll(async () => {
      const r = await request.get(`/mobile/v1/${key}/conversation`, { headers });
      const body = await r.json();
      return (body.messages as { body: string }[]).map((m) => m.body);
    })
    .toContain(answer);

  // The same customer signed in on the bank's web site: one customer, one history.
  await admin.page.goto('/admin/channels');
  await pageLive(admin.page);
  await admin.page.getByTestId('channels').locator(`tr[data-channel="${CHANNELS.signed.name}"]`).getByRole('button').click();
  const siteForm = admin.page.getByTestId('signed-form');
  await expect(siteForm).toHaveAttribute('data-kind', 'webchat');
  await siteForm.locator('input[name=identity_secret]').fill(WEB_SECRET);
  await siteForm.locator('button[type=submit]').click();
  await expect(siteForm).toBeHidden();
  const customerPage = await browser.newPage();
  const forged = await openWidget(customerPage, CHANNELS.signed.key, 'kk', {
    identifier: bankId,
    hash: createHmac('sha256', SECRET).update(bankId).digest('hex'),
  });
  await expect(forged.locator('p.fatal')).toContainText('Чат сіздің жеке басыңызды раста алмады');
  await customerPage.context().clearCookies();
  await customerPage.evaluate(() => localStorage.clear());
  const widget = await openWidget(customerPage, CHANNELS.signed.key, 'kk', {
    identifier: bankId,
    hash: createHmac('sha256', WEB_SECRET).update(bankId).digest('hex'),
  });
  await expect(widget.getByText(answer)).toBeVisible();
  await expect(widget.getByText(question)).toBeVisible();
  const fromSite = `Енді сайттан жазамын ${stamp}`;
  await customerSends(widget, fromSite);
  await expect(operator.getByTestId('messages').getByText(fromSite)).toBeVisible();
  await customerPage.screenshot({ path: 'test-results/identity-signed-widget.png' });

  // Done: the conversation is closed, and the CRM lookup switched off, for the other specs.
  await operator.getByRole('button', { name: 'Диалогты аяқтау' }).click();
  await expect(operator.getByTestId('mine').locator('li', { hasText: fromSite })).toContainText('Аяқталған');
  await admin.page.goto('/admin/api');
  await pageLive(admin.page);
  const crmOff = admin.page.getByTestId('crm-form');
  await crmOff.locator('input[name=crm_url]').fill('');
  const saved = admin.page.waitForResponse((r) => r.url().includes('/api/save_crm_settings'));
  await crmOff.locator('button[type=submit]').click();
  expect((await saved).ok()).toBe(true);
});
