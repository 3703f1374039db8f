// Prints vitest JSON results as the plain line CI reads: "label: N passed, N failed, N skipped".
import fs from 'node:fs';
const [label, ...files] = process.argv.slice(2);
let passed = 0,
  failed = 0,
  skipped = 0;
for (const f of files) {
  const r = JSON.parse(fs.readFileSync(f, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
console.log(`${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
