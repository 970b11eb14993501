import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE_FORMATS, fixtureItem, renderFeed } from './generate.ts';

const doc = (revision: number) => ({
  feedIndex: 0,
  baseUrl: 'http://fx',
  selfUrl: 'http://fx/feeds/0',
  title: 'T & <co>',
  items: [fixtureItem('http://fx', 0, 1, revision), fixtureItem('http://fx', 0, 0, 0)],
});

test('documents are deterministic, escaped, and an edit changes only the edited item', () => {
  for (const format of FIXTURE_FORMATS) {
    const a = renderFeed(format, doc(0));
    assert.equal(a, renderFeed(format, doc(0)), format);
    const b = renderFeed(format, doc(1));
    assert.notEqual(a, b, format);
    assert.ok(b.includes('item 1 (rev 1)'), format);
    assert.ok(!b.includes('item 0 (rev'), format);
    if (!format.startsWith('json')) assert.ok(a.includes('T &amp; &lt;co&gt;'), format);
    else assert.equal(JSON.parse(a).title, 'T & <co>');
  }
});
