#!/usr/bin/env node
// Sums jest's own JSON reports (test-reports/jest-*.json) and the non-jest checks .ci/run
// recorded (test-reports/checks.txt: "passed <name>" / "failed <name>"), then prints the
// one line CI tooling reads: "N passed, N failed".
const fs = require('fs');
const path = require('path');

const dir = process.argv[2] || 'test-reports';
let passed = 0;
let failed = 0;
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => /^jest-.*\.json$/.test(f)) : [];
for (const file of files) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that fails to load runs no tests; count it so it cannot pass unnoticed.
  for (const suite of report.testResults) {
    if (suite.status === 'failed' && suite.assertionResults.length === 0) failed += 1;
  }
}
const checks = path.join(dir, 'checks.txt');
if (fs.existsSync(checks)) {
  for (const line of fs.readFileSync(checks, 'utf8').split('\n')) {
    if (line.startsWith('passed ')) passed += 1;
    if (line.startsWith('failed ')) failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
