// `tributary feed parse` end to end through the real CLI entry point (a child process, no servers).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const bin = new URL('../../../bin/tributary.js', import.meta.url).pathname;
const testdata = new URL('../testdata/', import.meta.url).pathname;

function cli(...args: string[]) {
  const env = { ...process.env, TRIBUTARY_ALLOW_PRIVATE_NETWORKS: 'false' };
  const r = spawnSync(process.execPath, [bin, 'feed', 'parse', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--json prints the normalized document exactly as parseFeed returns it', () => {
  const r = cli(testdata + 'atom/atom10-full.xml', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    JSON.parse(r.stdout),
    JSON.parse(readFileSync(testdata + 'atom/atom10-full.xml.expected.json', 'utf8')),
  );
});

test('without --json: a short human summary', () => {
  const r = cli(testdata + 'rss/rss20-namespaces.xml');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Example & Co\. News {2}\[rss2\.0\]\n/);
  assert.match(r.stdout, /2 item\(s\)/);
  assert.match(r.stdout, /2021-09-05T10:00:00Z {2}First post/);
});

test('unparseable input exits 1 with a one-line reason', () => {
  for (const file of ['malformed/html-page.html', 'malformed/empty.xml', 'does-not-exist.xml']) {
    const r = cli(testdata + file, '--json');
    assert.equal(r.code, 1, file);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.match(cli(testdata + 'malformed/html-page.html').stderr, /unknown-format/);
});

test('URLs go through the guarded fetcher: loopback refused by default', () => {
  const r = cli('http://127.0.0.1:9/feed.xml');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /blocked-address/);
});

test('bad usage exits 2', () => {
  assert.equal(cli().code, 2);
  assert.equal(cli('a', 'b').code, 2);
  assert.equal(cli('--bogus', 'x').code, 2);
});
