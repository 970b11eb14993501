import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { earlyClosingPipes } from './shell-pipes.ts';

test('flags pipes into readers that can close early', () => {
  const script = [
    'kubectl version --client | grep -q "v1.35.4"',
    'ls -t dir | head -1',
    'cmd | grep -m1 x',
    "cmd | sed -n '1p;q'",
    'cmd | grep -v noise', // reads everything
    'a || grep -q b file', // `||`, not a pipe
    '# cmd | grep -q x (a comment)',
  ].join('\n');
  assert.deepEqual(
    earlyClosingPipes(script).map((f) => f.line),
    [1, 2, 3, 4],
  );
});

test('no shell script of the repo pipes into an early-closing reader', () => {
  const files = [
    ...globSync('**/*.sh', { exclude: (f) => f.includes('node_modules') || f.startsWith('.tributary') }),
    '.ci/run',
    'Makefile',
  ];
  assert.ok(files.length > 10, `found only ${files.length} shell files`);
  const findings = files.flatMap((f) =>
    earlyClosingPipes(readFileSync(f, 'utf8')).map((x) => `${f}:${x.line}: ${x.text}`),
  );
  assert.deepEqual(findings, []);
});
