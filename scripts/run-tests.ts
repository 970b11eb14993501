// Runs the node:test suites: `unit` (src/**/*.test.ts, no servers) or `integration` (test/**/*.test.ts,
// real servers from the local stack). Extra arguments narrow the run to paths containing them.
import { globSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const patterns = {
  unit: [
    'libs/*/src/**/*.test.ts',
    'operator/src/**/*.test.ts',
    'services/*/src/**/*.test.ts',
    'scripts/**/*.test.ts',
  ],
  integration: [
    'libs/*/test/**/*.test.ts',
    'operator/test/**/*.test.ts',
    'services/*/test/**/*.test.ts',
    'test/**/*.test.ts',
  ],
};
const [kind, ...filters] = process.argv.slice(2);
if (kind !== 'unit' && kind !== 'integration') {
  console.error('usage: node scripts/run-tests.ts unit|integration [path-filter...]');
  process.exit(2);
}
const files = patterns[kind]
  .flatMap((p) => globSync(p, { exclude: (f) => f.includes('node_modules') }))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no ${kind} test files matched`);
  process.exit(1);
}
/**
 * Files that kill or restart the shared node's daemons (kubelet, containerd, apiserver) say so
 * with this marker; they run after the others, one at a time, so no other suite loses its node
 * mid-test.
 */
const ALONE = 'run-tests: alone';
const alone = files.filter((f) => readFileSync(f, 'utf8').includes(ALONE));
const together = files.filter((f) => !alone.includes(f));
console.log(
  `==> ${kind} tests: ${files.length} files${alone.length ? ` (${alone.length} alone, last)` : ''}`,
);
const run = (batch: string[], concurrency: string): number => {
  if (batch.length === 0) return 0;
  const args = [
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${kind === 'unit' ? 60_000 : 600_000}`,
    ...batch,
  ];
  return spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
};
// Integration suites share one stack; each isolates its own database/namespace, so 2 at a time is safe.
const first = run(together, kind === 'unit' ? '2' : (process.env.TEST_CONCURRENCY ?? '2'));
const last = run(alone, '1');
process.exit(first || last);
