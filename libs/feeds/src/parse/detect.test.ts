import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFormat } from './detect.ts';

test('formats are detected from content', () => {
  const cases: [string, string | null][] = [
    ['<rss version="2.0"><channel/></rss>', 'rss2.0'],
    ['<rss><channel/></rss>', 'rss2.0'],
    ['<rss version="0.91">', 'rss0.9x'],
    ['<rss version="0.92">', 'rss0.9x'],
    ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', 'rdf'],
    ['<feed xmlns="http://www.w3.org/2005/Atom">', 'atom1.0'],
    ['<feed version="0.3" xmlns="http://purl.org/atom/ns#">', 'atom0.3'],
    ['<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">', 'atom1.0'],
    ['{"version":"https://jsonfeed.org/version/1.1","items":[]}', 'json1.1'],
    ['  {"version":"https://jsonfeed.org/version/1","items":[]}', 'json1.0'],
    [
      '\uFEFF<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE rss [<!ENTITY x "y">]>\n<rss version="2.0">',
      'rss2.0',
    ],
    ['<!DOCTYPE html><html><body>not a feed</body></html>', null],
    ['<opml version="2.0"/>', null],
    ['plain text', null],
    ['', null],
  ];
  for (const [input, expected] of cases) assert.equal(detectFormat(input), expected, input);
});

test('detection sees through a DOCTYPE whose comment holds > and ]', () => {
  assert.equal(detectFormat('<!DOCTYPE x [<!-- <feed> ]> -->]><rss version="2.0"/>'), 'rss2.0');
});
