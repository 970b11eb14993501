import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLinks, normalizeUrl } from './links.ts';

test('normalizeUrl drops fragments, trailing slashes and default ports; lower-cases the host', () => {
  assert.equal(normalizeUrl('https://Example.ORG:443/a/b/#frag'), 'https://example.org/a/b');
  assert.equal(normalizeUrl('http://example.org/'), 'http://example.org');
  assert.equal(normalizeUrl('https://example.org/x?q=1#y'), 'https://example.org/x?q=1');
  assert.equal(normalizeUrl('mailto:a@b.c'), null);
  assert.equal(normalizeUrl('/relative'), null);
  assert.equal(normalizeUrl(''), null);
});

test('extractLinks finds distinct http(s) hrefs in any quoting, entity-decoded', () => {
  const html = `<p><a href="https://a.org/1">x</a> <a class=x href='https://a.org/1/'>y</a>
    <a href=https://b.org/2?x=1&amp;y=2>z</a> <a href="mailto:x@y.z">m</a> <img src="https://c.org/i.png"></p>`;
  assert.deepEqual(extractLinks(html, '<a href="https://d.org">d</a>'), [
    'https://a.org/1',
    'https://b.org/2?x=1&y=2',
    'https://d.org',
  ]);
});
