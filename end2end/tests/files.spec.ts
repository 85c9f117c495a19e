// Files both ways: a Kazakh-speaking customer sends a picture from the widget, the
// kk operator sees the preview; the operator sends a PDF, the customer gets a
// download link; a page renamed .png is refused in the customer's language and the
// conversation goes on.
import { test, expect } from '@playwright/test';
import { deflateSync } from 'node:zlib';
import { CHANNELS, STAFF, openWidget, signIn, stateSwitchReady } from './fixtures';

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG: a w×h picture with a coloured square in the middle. */
function makePng(w: number, h: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const inner = x > w / 4 && x < (3 * w) / 4 && y > h / 4 && y < (3 * h) / 4;
      row.set(inner ? [11, 110, 153] : [255, 191, 71], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

test('files go both ways and a refused file says why in the customer language (kk)', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const { context: operatorContext, page: operator } = await signIn(browser, STAFF.filesKk, 'kk');
  await operator.setViewportSize({ width: 1366, height: 768 });
  await operator.goto('/workspace');
  await stateSwitchReady(operator);

  // The customer, on a phone.
  const customerContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const customer = await customerContext.newPage();
  const widget = await openWidget(customer, CHANNELS.ru.key, 'kk');

  const pictureName = `чек-${stamp}.png`;
  await widget.getByTestId('widget-attach').setInputFiles({ name: pictureName, mimeType: 'image/png', buffer: makePng(160, 120) });
  const ownPicture = widget.locator('.message.mine img[data-testid=attachment-image]');
  await expect(ownPicture).toBeVisible();
  await expect.poll(() => ownPicture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // The operator sees it in the queue, takes it, and the preview has really loaded.
  const row = operator.getByTestId('queue').locator('li', { hasText: pictureName });
  await expect(row).toBeVisible({ timeout: 10_000 });
  await row.getByRole('button', { name: 'Алу' }).click();
  await expect(operator).toHaveURL(/\/workspace\?c=\d+/);
  const preview = operator.getByTestId('messages').locator('img[data-testid=attachment-image]');
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
  await expect(preview.locator('xpath=..')).toHaveAttribute('target', '_blank');

  // The operator sends a PDF; the customer gets a download link at once.
  await stateSwitchReady(operator);
  const pdfName = `выписка-${stamp}.pdf`;
  await operator.getByTestId('attach-file').setInputFiles({ name: pdfName, mimeType: 'application/pdf', buffer: PDF });
  await expect(operator.getByTestId('messages').getByTestId('attachment-file')).toContainText(pdfName);
  const link = widget.locator('.message.theirs a[data-testid=attachment-file]');
  await expect(link).toContainText(pdfName, { timeout: 5_000 });
  await expect(link).toHaveAttribute('download', pdfName);
  const href = await link.getAttribute('href');
  const download = await customer.request.get(new URL(href!, 'http://127.0.0.1:3000').toString());
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect(download.headers()['content-disposition']).toMatch(/^attachment;/);

  // A page dressed as a picture is refused, in Kazakh, and the conversation goes on.
  await widget.getByTestId('widget-attach').setInputFiles({
    name: 'сурет.png',
    mimeType: 'image/png',
    buffer: Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
  });
  await expect(widget.getByRole('alert')).toContainText('Мұндай түрдегі файлды жіберуге болмайды');
  const after = `Түсінікті, рахмет ${stamp}`;
  await widget.locator('.composer textarea').fill(after);
  await widget.locator('.composer button[type=submit]').click();
  await expect(operator.getByTestId('messages').getByText(after)).toBeVisible({ timeout: 5_000 });
  await expect(widget.locator('.message.mine img[data-testid=attachment-image]')).toHaveCount(1);

  await customer.screenshot({ path: 'test-results/files-widget-phone.png' });
  await operator.screenshot({ path: 'test-results/files-workspace.png' });

  // Leave nothing behind: close the conversation and sign out (offline).
  await operator.getByRole('button', { name: 'Диалогты аяқтау' }).click();
  await expect(operator.getByTestId('conversation-status')).toHaveText('Аяқталған');
  await operator.getByRole('button', { name: 'Шығу' }).click();
  await expect(operator).toHaveURL(/\/login/);
  await customerContext.close();
  await operatorContext.close();
});
