// Accounts and channels for the tests, made with the server's own admin commands
// in the end-to-end database (never by the product's demo seeding).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SERVER_BIN } from './playwright.config';
import { STAFF, CHANNELS } from './tests/fixtures';

export default function globalSetup() {
  const run = (args: string[], input?: string) =>
    execFileSync(SERVER_BIN, args, {
      cwd: path.resolve(__dirname, '..'),
      env: { ...process.env, CC_DB_NAME: 'cc_e2e' },
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  for (const s of Object.values(STAFF)) {
    try {
      run(['create-user', '--login', s.login, '--name', s.name, '--role', s.role, '--password-stdin'], s.password);
    } catch (e) {
      // A rerun against the same database: the account is already there.
      if (!String((e as { stderr?: unknown }).stderr ?? e).includes('LoginTaken')) throw e;
    }
  }
  // A license for the whole suite (its many operators hold seats at once), signed with
  // the run's throw-away key by the real signing command and loaded by the real loader.
  const key = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-')), 'license.key');
  fs.writeFileSync(key, `${process.env.CC_E2E_LICENSE_PRIVATE_KEY}\n`, { mode: 0o600 });
  const license = run(['license', 'sign', '--private-key', key, '--licensee', 'E2E Bank', '--operators', '200']).toString();
  const file = path.join(path.dirname(key), 'license.txt');
  fs.writeFileSync(file, license);
  run(['license', 'install', '--file', file]);
  // Administrators sign in with a second factor: known secrets, set here only.
  for (const s of Object.values(STAFF)) {
    if ('totp' in s) run(['set-totp', '--login', s.login], s.totp);
  }
  run(['set-skills', '--login', STAFF.russianOnly.login, '--languages', 'ru', '--capacity', '3']);
  run(['set-skills', '--login', STAFF.single.login, '--languages', 'ru', '--capacity', '1']);
  run(['set-skills', '--login', STAFF.englishA.login, '--languages', 'en', '--capacity', '3']);
  run(['set-skills', '--login', STAFF.englishB.login, '--languages', 'en', '--capacity', '3']);
  run(['set-skills', '--login', STAFF.topicsKk.login, '--languages', 'kk', '--capacity', '3']);
  run(['set-skills', '--login', STAFF.newsReader.login, '--languages', 'kk', '--capacity', '3']);
  run(['join-group', '--login', STAFF.newsReader.login, '--group', 'E2E news']);
  run(['set-skills', '--login', STAFF.statsOperator.login, '--languages', 'kk', '--capacity', '3']);
  run(['set-skills', '--login', STAFF.historyKk.login, '--languages', 'kk', '--capacity', '3']);
  for (const s of [STAFF.kazakhA, STAFF.kazakhB]) run(['set-skills', '--login', s.login, '--languages', 'kk', '--capacity', '6']);
  run(['set-skills', '--login', STAFF.repliesKk.login, '--languages', 'kk', '--capacity', '3']);
  run(['set-skills', '--login', STAFF.filesKk.login, '--languages', 'kk', '--capacity', '3']);
  run(['set-skills', '--login', STAFF.reportsKk.login, '--languages', 'kk', '--capacity', '3']);
  run(['set-skills', '--login', STAFF.assistKk.login, '--languages', 'kk', '--capacity', '3']);
  run(['set-skills', '--login', STAFF.telegramKk.login, '--languages', 'kk', '--capacity', '3']);
  run(['set-skills', '--login', STAFF.metaKk.login, '--languages', 'kk', '--capacity', '6']);
  // A custom state with a zero-minute recommendation, so its warning shows at once.
  run(['create-state', '--code', 'training', '--name', 'Обучение', '--recommended-minutes', '0']);
  for (const c of Object.values(CHANNELS)) {
    run(['create-channel', '--name', c.name, '--key', c.key, '--rating-scale', String(c.scale)]);
  }
}
