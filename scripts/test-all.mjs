// `npm test`: every check, in the order CI runs them, then one closing line with the totals.
//   format → lint → typecheck → unit and DOM tests (vitest) → build → end-to-end tests.
// A failing step does not stop the others, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const steps = [
  { name: 'format', cmd: ['npx', 'prettier', '--check', '.'] },
  { name: 'lint', cmd: ['npx', 'eslint', '.'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit'] },
  {
    name: 'unit',
    cmd: [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=node_modules/.cache/vitest-results.json',
    ],
    results: 'node_modules/.cache/vitest-results.json',
    counts: () => {
      const r = JSON.parse(readFileSync('node_modules/.cache/vitest-results.json', 'utf8'));
      return {
        passed: r.numPassedTests,
        failed: r.numFailedTests + (r.success ? 0 : r.numFailedTestSuites),
        skipped: r.numPendingTests + r.numTodoTests,
      };
    },
  },
  { name: 'build', cmd: ['npm', 'run', 'build'] },
  ...(existsSync('tests/e2e/run.mjs')
    ? [
        {
          name: 'e2e',
          cmd: ['npm', 'run', 'test:e2e'],
          results: 'node_modules/.cache/e2e-results.json',
          counts: () => JSON.parse(readFileSync('node_modules/.cache/e2e-results.json', 'utf8')),
        },
      ]
    : []),
];

mkdirSync('node_modules/.cache', { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];
for (const step of steps) {
  const started = Date.now();
  console.log(`\n── ${step.name}: ${step.cmd.join(' ')}`);
  // A step that dies before writing its results must not be credited with an older run's.
  if (step.results) rmSync(step.results, { force: true });
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit' });
  const ok = result.status === 0;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let counts = null;
  if (step.counts) {
    try {
      counts = step.counts();
    } catch {
      counts = null;
    }
  }
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped ?? 0;
    if (!ok && counts.failed === 0) failed++;
  } else if (ok) passed++;
  else failed++;
  summary.push(
    `${ok ? 'ok  ' : 'FAIL'} ${step.name} (${seconds} s)${counts ? `: ${counts.passed} passed, ${counts.failed} failed` : ''}`,
  );
}
console.log(`\n── summary\n${summary.join('\n')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
