// Runs the node:test suites: `unit` (src/**/*.test.ts, no servers) or `integration` (test/**/*.test.ts,
// real servers from the local stack). Extra arguments narrow the run to paths containing them.
import { globSync } from 'node:fs';
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
console.log(`==> ${kind} tests: ${files.length} files`);
const args = [
  '--test',
  '--test-reporter=spec',
  // Integration suites share one stack; each isolates its own database/namespace, so 2 at a time is safe.
  `--test-concurrency=${kind === 'unit' ? 2 : (process.env.TEST_CONCURRENCY ?? '2')}`,
  `--test-timeout=${kind === 'unit' ? 60_000 : 600_000}`,
  ...files,
];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
