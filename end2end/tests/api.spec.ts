// The REST API and webhooks through the administrators' page: a token made on /admin/api
// reads conversations over HTTP and is refused outside its scopes; a webhook subscribed
// there receives a customer's message, signed (checked here with the secret shown once),
// and the delivery log says so; Swagger UI loads from this server alone.
import { test, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import { CHANNELS, STAFF, customerSends, openWidget, pageLive, signIn } from './fixtures';
import { closeServer, localServer, portOf } from './local-server';

type Received = { headers: http.IncomingHttpHeaders; body: string };

test('a token reads the API within its scopes, and a webhook receives signed events', async ({ browser, request }) => {
  const stamp = Date.now().toString(36);
  // The bank's CRM, listening for webhooks.
  const received: Received[] = [];
  const crm = await localServer(0, (req, body) => {
    received.push({ headers: req.headers, body });
    return { status: 204 };
  });
  const hookUrl = `http://127.0.0.1:${portOf(crm)}/hooks/contact-center`;

  const admin = await signIn(browser, STAFF.admin);
  await admin.page.goto('/admin/api');
  await pageLive(admin.page);

  // A token that may read conversations only.
  const tokenForm = admin.page.getByTestId('token-form');
  await tokenForm.locator('input[name=name]').fill(`CRM ${stamp}`);
  await tokenForm.locator('button[type=submit]').click();
  await expect(tokenForm.getByRole('alert')).toContainText('Права');
  await tokenForm.locator('input[value="conversations:read"]').check();
  await tokenForm.locator('button[type=submit]').click();
  const token = (await admin.page.getByTestId('new-token').textContent())!.trim();
  expect(token).toMatch(/^cc_[A-Za-z0-9]{40}$/);
  await expect(admin.page.getByTestId('api-tokens').locator(`tr[data-token="CRM ${stamp}"]`)).toBeVisible();

  // A webhook for customers' messages; the signing secret is shown once.
  const hookForm = admin.page.getByTestId('webhook-form');
  await hookForm.locator('input[name=url]').fill(hookUrl);
  await hookForm.locator('input[name=description]').fill('CRM');
  await hookForm.locator('input[value="message.received"]').check();
  await hookForm.locator('button[type=submit]').click();
  const secret = (await admin.page.getByTestId('new-secret').textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);

  // A customer writes on the site.
  const customerContext = await browser.newContext();
  const widget = await openWidget(await customerContext.newPage(), CHANNELS.ru.key, 'ru');
  const text = `Хочу открыть вклад ${stamp}`;
  await customerSends(widget, text);

  // The CRM receives it, signed with the secret.
  await expect.poll(() => received.find((r) => r.body.includes(text)), { timeout: 15_000 }).toBeTruthy();
  const event = received.find((r) => r.body.includes(text))!;
  const signed = `${event.headers['webhook-id']}.${event.headers['webhook-timestamp']}.${event.body}`;
  const expected = 'v1,' + createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(signed).digest('base64');
  expect(event.headers['webhook-signature']).toBe(expected);
  const payload = JSON.parse(event.body);
  expect(payload.type).toBe('message.received');
  const conversationId = payload.data.conversation_id as number;

  // The token reads that conversation; writing and other scopes are refused.
  const auth = { Authorization: `Bearer ${token}` };
  const one = await request.get(`/api/v1/conversations/${conversationId}/messages`, { headers: auth });
  expect(one.status()).toBe(200);
  expect((await one.json()).items.map((m: { body: string }) => m.body)).toContain(text);
  const close = await request.post(`/api/v1/conversations/${conversationId}/close`, { headers: auth });
  expect(close.status()).toBe(403);
  expect((await close.json()).error).toBe('insufficient_scope');
  expect((await request.get('/api/v1/operators', { headers: auth })).status()).toBe(403);
  expect((await request.get('/api/v1/conversations')).status()).toBe(401);

  // The delivery log shows it delivered.
  await admin.page.reload();
  await pageLive(admin.page);
  await expect(admin.page.getByTestId('delivery-log').locator('tr[data-event="message.received"][data-status="delivered"]').first()).toBeVisible();
  await admin.page.screenshot({ path: 'test-results/api-page.png', fullPage: true });

  // Revoked: refused at once.
  await admin.page.getByTestId('api-tokens').locator(`tr[data-token="CRM ${stamp}"]`).getByTestId('revoke-token').click();
  await expect(admin.page.getByTestId('api-tokens').locator(`tr[data-token="CRM ${stamp}"]`)).toContainText('отозван');
  expect((await request.get(`/api/v1/conversations/${conversationId}`, { headers: auth })).status()).toBe(401);

  // Swagger UI, from this server only.
  const docs = await admin.context.newPage();
  const outside: string[] = [];
  docs.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1:3000/')) outside.push(r.url());
  });
  await docs.goto('/api/v1/docs');
  await expect(docs.locator('.swagger-ui .title')).toContainText('Contact Center API');
  await expect(docs.locator('.opblock-summary-path', { hasText: '/api/v1/conversations/{id}/messages' }).first()).toBeVisible();
  expect(outside).toEqual([]);
  await docs.screenshot({ path: 'test-results/api-swagger-ui.png' });

  await customerContext.close();
  await admin.context.close();
  await closeServer(crm);
});
