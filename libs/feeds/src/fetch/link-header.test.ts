import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hubsFromLinkHeader } from './link-header.ts';

test('hub links are found in every common spelling and resolved', () => {
  const base = 'https://example.org/feed.xml';
  assert.deepEqual(hubsFromLinkHeader('<https://hub.example/>; rel="hub"', base), ['https://hub.example/']);
  assert.deepEqual(hubsFromLinkHeader('</hub>; rel=hub, <https://example.org/feed.xml>; rel="self"', base), [
    'https://example.org/hub',
  ]);
  assert.deepEqual(
    hubsFromLinkHeader('<https://a/>; rel="self hub"; title="x", <https://b/>; REL="HUB"', base),
    ['https://a/', 'https://b/'],
  );
  assert.deepEqual(hubsFromLinkHeader('<https://a/>; rel="hubbub"', base), []);
  assert.deepEqual(hubsFromLinkHeader('<http://[bad>; rel="hub"', base), []);
  assert.deepEqual(hubsFromLinkHeader(null, base), []);
});
