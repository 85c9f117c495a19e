// Prints, last and short, why each failed Playwright test failed: its title, where, and
// the first lines of its error. CI shows only the tail of a long log; this puts the cause
// there instead of the list of screenshots.
import { readFileSync, existsSync } from 'node:fs';

const file = process.argv[2] ?? 'playwright-report/results.json';
if (!existsSync(file)) process.exit(0);
const report = JSON.parse(readFileSync(file, 'utf8'));
const strip = (s) => String(s ?? '').replace(/\u001b\[[0-9;]*m/g, '');

function* specs(suite, path = []) {
  const here = suite.title ? [...path, suite.title] : path;
  for (const spec of suite.specs ?? []) yield [here, spec];
  for (const child of suite.suites ?? []) yield* specs(child, here);
}

let failed = 0;
for (const top of report.suites ?? []) {
  for (const [path, spec] of specs(top)) {
    for (const test of spec.tests ?? []) {
      for (const result of test.results ?? []) {
        if (result.status === 'passed' || result.status === 'skipped') continue;
        failed += 1;
        console.log(`\n✘ ${[...path, spec.title].join(' › ')} (${result.status}, ${Math.round(result.duration / 1000)} s)`);
        for (const error of result.errors ?? []) {
          const where = error.location ? `  at ${error.location.file.split('/end2end/').pop()}:${error.location.line}` : '';
          console.log(strip(error.message).split('\n').slice(0, 30).map((l) => `  ${l}`).join('\n'));
          if (where) console.log(where);
        }
      }
    }
  }
}
if (failed) console.log(`\n${failed} failed test run(s); screenshots in end2end/test-results/`);
