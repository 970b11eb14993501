import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '@tributary/command';
import { ingestConfigFromEnv, parseBoolean, parseHeaders } from './config.ts';

const feed = JSON.stringify({
  uid: 'u-1',
  namespace: 'ns',
  name: 'f',
  generation: 2,
  spec: { url: 'https://e/f' },
});

test('reads the feed, headers and the private-network switch', () => {
  const c = ingestConfigFromEnv({
    TRIBUTARY_FEED: feed,
    TRIBUTARY_FEED_HEADERS: '{"Authorization":"Bearer t"}',
    TRIBUTARY_ALLOW_PRIVATE_NETWORKS: 'true',
  });
  assert.equal(c.feed.uid, 'u-1');
  assert.equal(c.feed.generation, 2);
  assert.equal(c.feed.spec.url, 'https://e/f');
  assert.deepEqual(c.headers, { authorization: 'Bearer t' });
  assert.equal(c.allowPrivateNetworks, true);
  assert.equal(
    ingestConfigFromEnv({ TRIBUTARY_FEED: feed }).allowPrivateNetworks,
    false,
    'guard on by default',
  );
});

test('bad input is a UsageError naming the variable', () => {
  const bad: [NodeJS.ProcessEnv, RegExp][] = [
    [{}, /TRIBUTARY_FEED is not set/],
    [{ TRIBUTARY_FEED: '{' }, /not valid JSON/],
    [
      { TRIBUTARY_FEED: '{"uid":"a.b","namespace":"n","name":"x","spec":{"url":"u"}}' },
      /uid must not contain/,
    ],
    [{ TRIBUTARY_FEED: '{"uid":"a","namespace":"n","name":"x"}' }, /spec.url/],
    [{ TRIBUTARY_FEED: feed, TRIBUTARY_FEED_HEADERS: '[1]' }, /JSON object/],
    [{ TRIBUTARY_FEED: feed, TRIBUTARY_FEED_HEADERS: '{"a b":"x"}' }, /valid header name/],
    [{ TRIBUTARY_FEED: feed, TRIBUTARY_ALLOW_PRIVATE_NETWORKS: 'yes' }, /true or false/],
  ];
  for (const [env, re] of bad)
    assert.throws(
      () => ingestConfigFromEnv(env),
      (e: unknown) => e instanceof UsageError && re.test(e.message),
    );
  assert.deepEqual(parseHeaders('  '), {});
  assert.equal(parseBoolean('X', '0'), false);
});
