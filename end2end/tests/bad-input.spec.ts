// Bad input: empty and over-long messages, an unknown channel, markup in messages.
import { test, expect } from '@playwright/test';
import { CHANNELS, STAFF, customerSends, openWidget, signIn } from './fixtures';

test('empty and over-long messages are refused with a translated error and the text is kept', async ({ page }) => {
  const widget = await openWidget(page, CHANNELS.ru.key, 'en');
  await customerSends(widget, '   ');
  await expect(widget.getByRole('alert')).toHaveText('An empty message cannot be sent.');

  const long = 'x'.repeat(10_001);
  await customerSends(widget, long);
  await expect(widget.getByRole('alert')).toHaveText('The message is longer than 10,000 characters. Please shorten it.');
  await expect(widget.locator('.composer textarea')).toHaveValue(long);
  await expect(widget.locator('.message')).toHaveCount(0);
});

test('an unknown channel key gets a clear error in the widget', async ({ page }) => {
  await page.goto('http://localhost:4100/?channel=no-such-key&lang=kk');
  const widget = page.frameLocator('iframe[data-cc-widget]');
  await widget.locator('button.launcher').click();
  await expect(widget.getByRole('alert')).toHaveText('Чат қолжетімсіз: арна табылмады. Бұл туралы банкке хабарлаңыз.');
});

test('markup in messages is shown as text on both sides, never run', async ({ browser }) => {
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const widget = await openWidget(customer, CHANNELS.ru.key, 'ru');
  const evil = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script> ${Date.now()}`;
  await customerSends(widget, evil);
  await expect(widget.locator('.message.mine .body', { hasText: evil })).toBeVisible();

  const { context, page } = await signIn(browser, STAFF.operator2);
  await page.goto('/workspace');
  const row = page.getByTestId('queue').locator('li', { hasText: evil });
  await row.getByRole('button', { name: 'Взять' }).click();
  await expect(page.getByTestId('messages').locator('.body', { hasText: evil })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByTestId('messages').locator('img')).toHaveCount(0);
  const frame = customer.frames().find((f) => f.url().includes('/widget/frame'));
  expect(await frame?.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await customerContext.close();
  await context.close();
});

test('the widget fills a phone screen when opened', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await openWidget(page, CHANNELS.ru.key, 'uz-Latn');
  const box = await page.locator('iframe[data-cc-widget]').boundingBox();
  expect(box?.width).toBe(390);
  expect(box?.height).toBe(844);
  await page.screenshot({ path: 'test-results/widget-phone.png' });
  await context.close();
});
