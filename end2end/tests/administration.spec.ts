// Administration (TS 12.7–12.22): an administrator creates an account, whose owner signs
// in with the one-time password and must choose their own; blocks, unblocks, resets and
// deletes it; creates, edits and deletes a custom role (never one they hold); an auditor
// reads the journal of all that, filters it, verifies its chain and downloads it as CSV.
import { test, expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import { STAFF, echoBrowserErrors, pageLive, signIn, totpCode } from './fixtures';

async function signInRaw(page: Page, login: string, password: string) {
  await page.goto('/login');
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
}

test('an account from creation to deletion, with a forced password change', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const login = `e2e.new.${stamp}`;
  const admin = await signIn(browser, STAFF.usersAdmin);
  await admin.page.getByRole('link', { name: 'Сотрудники' }).click();
  await expect(admin.page).toHaveURL(/\/admin\/staff/);
  await pageLive(admin.page);

  // A bad login is refused, translated, and the form keeps what was typed.
  await admin.page.getByTestId('new-account').click();
  const form = admin.page.getByTestId('account-form');
  await form.getByLabel('Логин').fill('bad login;');
  await form.getByLabel('Имя').fill('Новый оператор');
  await form.locator('input[data-role=operator]').check();
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form.getByRole('alert')).toContainText('Ничего не сохранено');
  await expect(form.getByLabel('Имя')).toHaveValue('Новый оператор');

  await form.getByLabel('Логин').fill(login);
  await form.getByRole('button', { name: 'Сохранить' }).click();
  const oneTime = admin.page.getByTestId('one-time-password');
  await expect(oneTime).toBeVisible();
  const password = (await oneTime.textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(12);
  const row = admin.page.getByTestId('staff').locator(`tr[data-login="${login}"]`);
  await expect(row).toContainText('Оператор');
  await expect(row).toContainText('должен сменить пароль');
  await admin.page.screenshot({ path: 'test-results/admin-new-account.png', fullPage: true });

  // The owner signs in with it and must choose their own password first.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  echoBrowserErrors(owner, login);
  await signInRaw(owner, login, password);
  await expect(owner).toHaveURL(/\/account\/password/);
  await expect(owner.getByRole('status')).toContainText('временный пароль');
  // Other pages send them back here.
  await owner.goto('/workspace');
  await expect(owner).toHaveURL(/\/account\/password\?next=%2Fworkspace|\/account\/password\?next=\/workspace/);
  // Typed before hydration, a value can be reset by it: wait until the page is live.
  await pageLive(owner);
  await owner.locator('input[name=current]').fill(password);
  await owner.locator('input[name=new]').fill('short');
  await owner.getByLabel('Повторите новый пароль').fill('short');
  await owner.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(owner.getByRole('alert')).toContainText('не короче 12 символов');
  const own = `Own-Passw0rd-${stamp}!`;
  await owner.locator('input[name=new]').fill(own);
  await owner.getByLabel('Повторите новый пароль').fill(own);
  await owner.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(owner).toHaveURL(/\/workspace/);

  // Blocked: their session ends and signing in is refused.
  await admin.page.reload();
  await pageLive(admin.page);
  await row.locator('button[data-action=block]').click();
  await expect(row).toContainText('Заблокирован');
  await owner.goto('/workspace');
  await expect(owner).toHaveURL(/\/login/);
  await signInRaw(owner, login, own);
  await expect(owner.getByRole('alert')).toContainText('заблокирована');

  // Unblocked, then reset: the old password no longer works, the new one-time one does.
  await row.locator('button[data-action=block]').click();
  await expect(row).toContainText('Активен');
  await row.locator('button[data-action=reset]').click();
  await expect(oneTime).toBeVisible();
  const reset = (await oneTime.textContent())!.trim();
  expect(reset).not.toBe(password);
  await signInRaw(owner, login, own);
  await expect(owner.getByRole('alert')).toBeVisible();
  await signInRaw(owner, login, reset);
  await expect(owner).toHaveURL(/\/account\/password/);

  // The administrator cannot block, reset or delete themselves: no such buttons.
  const self = admin.page.getByTestId('staff').locator(`tr[data-login="${STAFF.usersAdmin.login}"]`);
  await expect(self.locator('button[data-action=block]')).toHaveCount(0);

  // Deleted: gone from the list, and signing in fails.
  await row.locator('button[data-action=delete]').click();
  await row.locator('button[data-action=confirm-delete]').click();
  await expect(admin.page.getByTestId('staff').locator(`tr[data-login="${login}"]`)).toHaveCount(0);
  await signInRaw(owner, login, reset);
  await expect(owner.getByRole('alert')).toContainText('Неверный логин или пароль');
  await ownerContext.close();
  await admin.context.close();
});

test("custom roles: created, edited, deleted; one's own role stays read-only", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const name = `Контроль качества ${stamp}`;
  const admin = await signIn(browser, STAFF.usersAdmin, 'en');
  await admin.page.getByRole('link', { name: 'Roles' }).click();
  await expect(admin.page.getByRole('heading', { name: 'Roles and permissions' })).toBeVisible();
  await pageLive(admin.page);

  // The built-in administrator role is theirs: no edit button, and it says why.
  const own = admin.page.getByTestId('roles').locator('tr[data-role=administrator]');
  await expect(own).toContainText('You hold this role');
  await expect(own.locator('button[data-action=edit]')).toHaveCount(0);

  await admin.page.getByTestId('new-role').click();
  const form = admin.page.getByTestId('role-form');
  await form.getByLabel('Name').fill(name);
  await form.locator('input[data-permission="reports.view"]').check();
  await form.locator('input[data-permission="conversations.quality"]').check();
  await form.getByRole('button', { name: 'Save' }).click();
  const row = admin.page.getByTestId('roles').locator('tr', { hasText: name });
  await expect(row).toContainText('Read reports and dashboards');
  await expect(row).toContainText("Mark conversations' quality");
  await admin.page.screenshot({ path: 'test-results/admin-roles.png', fullPage: true });

  await row.locator('button[data-action=edit]').click();
  await form.locator('input[data-permission="conversations.quality"]').uncheck();
  await form.locator('input[data-permission="reports.export"]').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(row).toContainText('Download reports (Excel, PDF)');
  await expect(row).not.toContainText("Mark conversations' quality");

  // The new role is offered on the account form.
  await admin.page.goto('/admin/staff');
  await pageLive(admin.page);
  await admin.page.getByTestId('new-account').click();
  await expect(admin.page.getByTestId('account-form')).toContainText(name);

  await admin.page.goto('/admin/roles');
  await pageLive(admin.page);
  await row.locator('button[data-action=delete]').click();
  await row.locator('button[data-action=confirm-delete]').click();
  await expect(admin.page.getByTestId('roles').locator('tr', { hasText: name })).toHaveCount(0);
  await admin.context.close();
});

test('an auditor reads, filters, verifies and downloads the journal', async ({ browser }) => {
  // Something to find: a failed sign-in with a distinctive login.
  const stamp = Date.now().toString(36);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInRaw(page, `e2e.nobody.${stamp}`, 'wrong-password');
  await expect(page.getByRole('alert')).toBeVisible();
  await context.close();

  const auditor = await signIn(browser, STAFF.auditor, 'kk');
  await expect(auditor.page).toHaveURL(/\/admin\/audit/);
  await expect(auditor.page.getByRole('heading', { name: 'Аудит журналы' })).toBeVisible();
  await pageLive(auditor.page);

  const filters = auditor.page.getByTestId('audit-filters');
  await filters.locator('input[name=event]').fill('auth.login.failed');
  await filters.locator('input[name=text]').fill(stamp);
  await filters.getByRole('button').click();
  await expect(auditor.page).toHaveURL(/event=auth\.login\.failed/);
  const rows = auditor.page.getByTestId('audit').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`e2e.nobody.${stamp}`);
  await expect(rows.first()).toContainText('wrong_credentials');
  await expect(rows.first()).toContainText('127.0.0.1');

  await pageLive(auditor.page);
  await auditor.page.getByTestId('verify-chain').click();
  await expect(auditor.page.getByTestId('chain-status')).toContainText('Тізбек бүтін');
  await auditor.page.screenshot({ path: 'test-results/audit-journal.png', fullPage: true });

  const [download] = await Promise.all([
    auditor.page.waitForEvent('download'),
    auditor.page.getByTestId('audit-csv').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toContain('Оқиға');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`e2e.nobody.${stamp}`);

  // The download is itself journalled.
  await auditor.page.goto('/admin/audit?event=audit.exported');
  await expect(auditor.page.getByTestId('audit').locator('tbody tr').first()).toContainText(STAFF.auditor.login);

  // An operator may not open the journal.
  const operator = await signIn(browser, STAFF.operator, 'en');
  const response = await operator.page.goto('/admin/audit');
  expect(response?.status()).toBe(403);
  await operator.context.close();
  await auditor.context.close();
});

test('a new administrator sets a password, enrols a second factor, and signs in with codes', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const login = `e2e.admin.${stamp}`;
  const admin = await signIn(browser, STAFF.usersAdmin);
  await admin.page.goto('/admin/staff');
  await pageLive(admin.page);
  await admin.page.getByTestId('new-account').click();
  const form = admin.page.getByTestId('account-form');
  await form.getByLabel('Логин').fill(login);
  await form.getByLabel('Имя').fill('Новый администратор');
  await form.locator('input[data-role=administrator]').check();
  await form.getByRole('button', { name: 'Сохранить' }).click();
  const oneTime = (await admin.page.getByTestId('one-time-password').textContent())!.trim();

  const context = await browser.newContext();
  const page = await context.newPage();
  echoBrowserErrors(page, login);
  await signInRaw(page, login, oneTime);
  await expect(page).toHaveURL(/\/account\/password/);
  const own = `Admin-Passw0rd-${stamp}!`;
  await page.locator('input[name=current]').fill(oneTime);
  await page.locator('input[name=new]').fill(own);
  await page.getByLabel('Повторите новый пароль').fill(own);
  await page.getByRole('button', { name: 'Сменить пароль' }).click();

  // Administrators must have a second factor: everything leads to its set-up.
  await expect(page).toHaveURL(/\/account\/two-factor/);
  await expect(page.getByRole('status')).toContainText('двухфакторного входа');
  await page.getByTestId('totp-start').click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await expect(page.locator('.qr svg')).toBeVisible();
  await page.screenshot({ path: 'test-results/two-factor-enrolment.png', fullPage: true });
  await page.locator('input[name=code]').fill('000000');
  await page.getByRole('button', { name: 'Включить' }).click();
  await expect(page.getByRole('alert')).toContainText('Код неверный');
  await page.locator('input[name=code]').fill(totpCode(secret));
  await page.getByRole('button', { name: 'Включить' }).click();
  await expect(page).toHaveURL(/\/admin\/staff/);

  // Signing in again asks for a code after the password.
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(own);
  await page.locator('form button[type=submit]').click();
  await expect(page.locator('input[name=code]')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('6-значный код');
  await page.screenshot({ path: 'test-results/sign-in-code.png', fullPage: true });
  await page.locator('input[name=code]').fill(totpCode(secret, Math.floor(Date.now() / 30_000) + 1));
  await page.locator('form button[type=submit]').click();
  await expect(page).toHaveURL(/\/admin\/staff/);
  await context.close();

  // The administrator removes the new account's second factor and deletes it.
  await admin.page.reload();
  await pageLive(admin.page);
  const row = admin.page.getByTestId('staff').locator(`tr[data-login="${login}"]`);
  await row.locator('button[data-action=reset-2fa]').click();
  await row.locator('button[data-action=delete]').click();
  await row.locator('button[data-action=confirm-delete]').click();
  await expect(admin.page.getByTestId('staff').locator(`tr[data-login="${login}"]`)).toHaveCount(0);
  await admin.context.close();
});

test('security settings: a bad allowlist line is refused, a stricter policy saved and journalled', async ({ browser }) => {
  const admin = await signIn(browser, STAFF.usersAdmin, 'uz-Latn');
  await admin.page.getByRole('link', { name: 'Xavfsizlik' }).click();
  await expect(admin.page.getByRole('heading', { name: 'Xavfsizlik sozlamalari' })).toBeVisible();
  await pageLive(admin.page);
  const form = admin.page.getByTestId('security-form');
  await form.locator('textarea[name=admin_allowlist]').fill('127.0.0.1\nbank-office');
  await form.getByRole('button', { name: 'Saqlash' }).click();
  await expect(form.getByRole('alert')).toContainText('2-qatori');
  await form.locator('textarea[name=admin_allowlist]').fill('');
  await form.locator('input[name=min_length]').fill('14');
  await form.getByRole('button', { name: 'Saqlash' }).click();
  await expect(form.getByRole('status')).toBeVisible();
  await admin.page.screenshot({ path: 'test-results/security-settings.png', fullPage: true });
  await admin.page.reload();
  await pageLive(admin.page);
  await expect(form.locator('input[name=min_length]')).toHaveValue('14');
  await form.locator('input[name=min_length]').fill('12');
  await form.getByRole('button', { name: 'Saqlash' }).click();
  await expect(form.getByRole('status')).toBeVisible();
  await admin.context.close();

  const auditor = await signIn(browser, STAFF.auditor, 'en');
  await auditor.page.goto('/admin/audit?event=settings.changed&text=password_min_length');
  const first = auditor.page.getByTestId('audit').locator('tbody tr').first();
  await expect(first).toContainText(STAFF.usersAdmin.login);
  await expect(first).toContainText('save_security_settings');
  await auditor.context.close();
});
