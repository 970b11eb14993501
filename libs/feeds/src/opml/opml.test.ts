import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ParseError } from '../errors.ts';
import { buildOpml } from './export.ts';
import { parseOpml } from './import.ts';

const fixture = (name: string) => readFileSync(new URL(`../../testdata/opml/${name}`, import.meta.url));

test('import: nested folders become categories; duplicates and non-feed outlines skipped', () => {
  const doc = parseOpml(fixture('subscriptions.opml'));
  assert.equal(doc.title, 'My Subscriptions');
  assert.deepEqual(doc.feeds, [
    {
      title: 'Example Blog',
      xmlUrl: 'https://example.com/feed.xml',
      htmlUrl: 'https://example.com/',
      categories: ['Tech', 'Web'],
    },
    {
      title: 'Go News',
      xmlUrl: 'https://go.example.org/atom',
      htmlUrl: '',
      categories: ['Tech', 'lang', 'go'],
    },
    { title: 'Loose & Free', xmlUrl: 'http://loose.example.net/rss?a=1&b=2', htmlUrl: '', categories: [] },
  ]);
});

test('export → import round-trips feeds and categories', () => {
  const original = parseOpml(fixture('subscriptions.opml'));
  const text = buildOpml(original, new Date('2024-01-01T00:00:00Z'));
  assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
  assert.deepEqual(parseOpml(text), original);
});

test('not OPML, or OPML without a body, is a ParseError', () => {
  assert.throws(
    () => parseOpml('<rss version="2.0"/>'),
    (e) => e instanceof ParseError && e.code === 'invalid-opml',
  );
  assert.throws(
    () => parseOpml('<opml version="2.0"><head/></opml>'),
    (e) => e instanceof ParseError && e.code === 'invalid-opml',
  );
  assert.throws(
    () => parseOpml(''),
    (e) => e instanceof ParseError && e.code === 'empty',
  );
});
