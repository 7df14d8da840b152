// Sums vitest and Playwright JSON reports into one `N passed, N failed, N skipped` line.
import fs from 'node:fs';
import path from 'node:path';

const [dir, flag] = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];

for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  let row;
  if (report.stats && 'expected' in report.stats) {
    const s = report.stats;
    row = { suite: file, passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
  } else {
    row = {
      suite: file,
      passed: report.numPassedTests ?? 0,
      failed: (report.numFailedTests ?? 0) + (report.numTotalTestSuites && report.success === false && !report.numFailedTests ? 1 : 0),
      skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    };
  }
  rows.push(row);
  for (const k of Object.keys(totals)) totals[k] += row[k];
}

if (flag !== '--totals-only') {
  for (const r of rows) console.log(`${r.suite.padEnd(28)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  process.exit(totals.failed > 0 ? 1 : 0);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
