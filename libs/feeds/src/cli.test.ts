// `tributary feed parse` end to end through the real CLI entry point (a child process, no servers).
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { jsonChunks } from './cli.ts';
import { parseFeed } from './parse/index.ts';

const bin = new URL('../../../bin/tributary.js', import.meta.url).pathname;
const testdata = new URL('../testdata/', import.meta.url).pathname;
const execFileAsync = promisify(execFile);

function cli(...args: string[]) {
  return cliWithEnv({}, ...args);
}

function cliWithEnv(extra: Record<string, string>, ...args: string[]) {
  const env = { ...process.env, ...extra };
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

test('URLs: loopback allowed for the person at the terminal, refusable by configuration', async () => {
  for (const off of ['false', '0', 'FALSE', 'no', 'off']) {
    const refused = cliWithEnv({ TRIBUTARY_ALLOW_PRIVATE_NETWORKS: off }, 'http://127.0.0.1:9/feed.xml');
    assert.equal(refused.code, 1, off);
    assert.match(refused.stderr, /blocked-address/, off);
  }
  const bad = cliWithEnv({ TRIBUTARY_ALLOW_PRIVATE_NETWORKS: 'flase' }, 'http://127.0.0.1:9/feed.xml');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /TRIBUTARY_ALLOW_PRIVATE_NETWORKS must be a boolean/);
  const doc =
    '<rss version="2.0"><channel><title>Served</title><item><link>/p/1</link></item></channel></rss>';
  const server = createServer((_req, res) => res.setHeader('content-type', 'application/rss+xml').end(doc));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let out: string;
  try {
    const env = { ...process.env, TRIBUTARY_ALLOW_PRIVATE_NETWORKS: '' };
    const args = [bin, 'feed', 'parse', `http://127.0.0.1:${port}/feed.xml`, '--json'];
    ({ stdout: out } = await execFileAsync(process.execPath, args, {
      encoding: 'utf8',
      timeout: 30_000,
      env,
    }));
  } finally {
    server.close();
  }
  const parsed = JSON.parse(out) as { feed: { title: string; feedUrl: string }; items: { link: string }[] };
  assert.equal(parsed.feed.title, 'Served');
  assert.match(parsed.feed.feedUrl, /^http:\/\/127\.0\.0\.1:\d+\/feed\.xml$/);
  // Relative links resolve against the document URL.
  assert.match(parsed.items[0]?.link ?? '', /^http:\/\/127\.0\.0\.1:\d+\/p\/1$/);
});

test('bad usage exits 2', () => {
  assert.equal(cli().code, 2);
  assert.equal(cli('a', 'b').code, 2);
  assert.equal(cli('--bogus', 'x').code, 2);
});

test('--json output is streamed item by item, identical to one JSON.stringify', () => {
  for (const file of ['atom/atom10-full.xml', 'rss/rss20-namespaces.xml']) {
    const parsed = parseFeed(readFileSync(testdata + file));
    for (const doc of [parsed, { ...parsed, items: [] }])
      assert.equal([...jsonChunks(doc)].join(''), JSON.stringify(doc, null, 2) + '\n', file);
  }
});
