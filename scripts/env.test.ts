// The developer entry points a newcomer types first: `make help` and `eval "$(make -s env)"`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('..', import.meta.url).pathname;
const sh = (script: string, path = '/usr/bin:/bin') =>
  execFileSync('/bin/bash', ['-c', script], {
    cwd: root,
    env: { PATH: path, HOME: process.env.HOME },
    encoding: 'utf8',
  });
const duplicates = (path: string) => path.split(':').filter((d, i, all) => d !== '' && all.indexOf(d) !== i);

test('make help shows the commands as they are typed (no make escapes)', () => {
  const help = sh('make -s help');
  assert.match(help, /eval "\$\(make -s env\)"/);
  assert.doesNotMatch(help, /\$\$/);
});

test('eval "$(make -s env)" twice puts Node 24 and tributary on PATH without doubling entries', () => {
  const out = sh('eval "$(make -s env)"; eval "$(make -s env)"; command -v tributary; node -v; echo "$PATH"')
    .trim()
    .split('\n');
  assert.equal(out[0], `${root}bin/tributary`);
  assert.match(out[1] ?? '', /^v24\./);
  assert.deepEqual(duplicates(out[2] ?? ''), []);
  assert.ok((out[2] ?? '').endsWith(':/usr/bin:/bin'), 'the shell PATH is kept, after ours');
});
