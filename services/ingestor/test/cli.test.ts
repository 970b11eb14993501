// `tributary ingest` as the CronJob runs it: a child process with the operator's env contract.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { harness } from './helpers.ts';
import type { Harness } from './helpers.ts';

const bin = fileURLToPath(new URL('../../../bin/tributary.js', import.meta.url));
let h: Harness;
before(async () => {
  h = await harness({ feeds: 1, items: 5 });
});
after(async () => {
  await h.close();
});

function ingest(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'ingest', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

function feedEnv(url: string) {
  const feed = {
    uid: randomUUID(),
    namespace: 'news',
    name: 'cli',
    generation: 1,
    spec: { url, interval: '15m' },
  };
  return {
    feed,
    env: {
      TRIBUTARY_FEED: JSON.stringify(feed),
      TRIBUTARY_FEED_HEADERS: JSON.stringify({ 'X-Feed-Token': 's3cret' }),
      TRIBUTARY_ALLOW_PRIVATE_NETWORKS: 'true',
      NATS_URL: h.env.NATS_URL,
      TRIBUTARY_NATS_PREFIX: h.prefix,
    },
  };
}

test('a run publishes items, logs with the feed and a trace id, and exits 0; a second run exits 0 fast', async () => {
  const { feed, env } = feedEnv(h.server.feedUrl(0, 'atom10', { case: 'cli' }));
  const first = await ingest(['--feed', 'news/cli'], env);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(await h.itemCount(feed), 5);
  const finished = first.stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l.message === 'run finished');
  assert.equal(finished?.feed, 'news/cli');
  assert.match(String(finished?.traceId), /^[0-9a-f]{32}$/);
  const traceparent = await h.lastFetchedTraceparent(feed);
  assert.equal(traceparent?.split('-')[1], finished?.traceId, 'published events carry the run trace');
  assert.equal(h.server.requests.at(-1)?.headers['x-feed-token'], 's3cret');

  const second = await ingest(['--feed', 'news/cli'], env);
  assert.equal(second.code, 0);
  assert.match(second.stderr, /"reason":"not-due"/);
  const forced = await ingest(['--feed', 'news/cli', '--force'], env);
  assert.equal(forced.code, 0);
  assert.equal(await h.itemCount(feed), 5, 'nothing new published');
  assert.equal((await h.lastFetched(feed)).data.outcome, 'not-modified');
});

test('an upstream HTTP error is a handled outcome: exit 0 with a failed event', async () => {
  const { feed, env } = feedEnv(`${h.server.url}/status/502`);
  const r = await ingest(['--feed', 'news/cli'], env);
  assert.equal(r.code, 0, r.stderr);
  const event = await h.lastFetched(feed);
  assert.equal(event.data.outcome, 'failed');
  assert.equal(event.data.httpStatus, 502);
});

test('NATS unreachable is an internal failure: exit 1', async () => {
  const { env } = feedEnv(h.server.feedUrl(0, 'rss2'));
  const r = await ingest(['--feed', 'news/cli'], { ...env, NATS_URL: 'nats://127.0.0.1:1' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot connect to NATS/);
});

test('bad input exits 2 with a reason', async () => {
  const { env } = feedEnv(h.server.feedUrl(0, 'rss2'));
  assert.equal((await ingest(['--feed', 'other/name'], env)).code, 2);
  assert.equal((await ingest([], env)).code, 2);
  const bad = await ingest(['--feed', 'news/cli'], { ...env, TRIBUTARY_FEED: '{nope' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /TRIBUTARY_FEED is not valid JSON/);
});
