import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { StoryIndex } from './assign.ts';
import { fingerprint, storyIdFor } from './match.ts';
import type { StoryInput } from './match.ts';
import { bandKeys, signature, similarity } from './minhash.ts';
import { canonicalLink, citedLinks, names, shingles, words } from './text.ts';

const corpus = (
  JSON.parse(readFileSync(new URL('../../../bench/corpus/stories.json', import.meta.url), 'utf8')) as {
    items: Array<StoryInput & { id: string; event: string; kind: string; published: string; feed: string }>;
  }
).items;

const input = (it: (typeof corpus)[number], id = `${it.feed}:${it.id}`): StoryInput => ({
  ...it,
  itemId: id,
  feedUrl: 'https://feed.example/rss',
});

test('canonicalLink drops scheme, www, fragment, trailing slash and tracking parameters', () => {
  assert.equal(
    canonicalLink('https://www.Example.com/a/b/?utm_source=rss&id=2&fbclid=x#top'),
    'example.com/a/b?id=2',
  );
  assert.equal(canonicalLink('http://example.com'), 'example.com/');
  assert.equal(canonicalLink('mailto:x@y.z'), '');
  assert.equal(canonicalLink('not a url'), '');
});

test('citedLinks keeps other hosts with a path, not the item itself or bare home pages', () => {
  const html =
    '<a href="https://other.org/story/1?utm_medium=x">a</a> <a href="https://own.org/x">b</a> <a href="https://home.org/">c</a>';
  assert.deepEqual(citedLinks(html, 'https://own.org/x'), ['other.org/story/1']);
});

test('names finds capitalized phrases, not sentence starts, leading articles or weekdays', () => {
  const n = names(
    'Rates rose on Thursday. The European Central Bank said Christine Lagarde would speak in Frankfurt.',
  );
  assert.deepEqual(n.sort(), ['christine lagarde', 'european central bank', 'frankfurt']);
});

test('shingles are distinct word 3-grams; short texts are one shingle', () => {
  assert.deepEqual(shingles(words('a b c a b c')), ['a b c', 'b c a', 'c a b']);
  assert.deepEqual(shingles(['x', 'y']), ['x y']);
  assert.deepEqual(shingles([]), []);
});

test('MinHash estimates Jaccard and is the same in every process (fixed hash family)', () => {
  const a = Array.from({ length: 200 }, (_, i) => `w${i}`);
  const b = [...a.slice(0, 150), ...Array.from({ length: 50 }, (_, i) => `v${i}`)]; // J = 150/250 = 0.6
  const s = similarity(signature(a, 128), signature(b, 128));
  assert.ok(s > 0.45 && s < 0.75, `estimate ${s}`);
  assert.deepEqual(signature(['x', 'y'], 4), signature(['y', 'x'], 4));
  assert.equal(similarity(signature([], 8), signature([], 8)), 0, 'empty texts never match');
  assert.deepEqual(bandKeys('d', signature([], 8), 4, 2), []);
  assert.equal(bandKeys('d', signature(a, 8), 4, 2).length, 4);
});

function assignAll(items: typeof corpus) {
  const index = new StoryIndex();
  return items.map((it) =>
    index.assign(`${it.feed}:${it.id}`, fingerprint(input(it)), Date.parse(it.published)),
  );
}

test('the labelled corpus: every event one story, no unrelated item merged', () => {
  const got = assignAll(corpus);
  const storyOf = new Map(got.map((a, i) => [corpus[i]!.id, a.storyId]));
  for (const a of corpus)
    for (const b of corpus) {
      if (a === b) continue;
      assert.equal(storyOf.get(a.id) === storyOf.get(b.id), a.event === b.event, `${a.id} vs ${b.id}`);
    }
});

test('syndicated copies are duplicates of their story; reworded reports are members, not duplicates', () => {
  const got = new Map(assignAll(corpus).map((a, i) => [corpus[i]!.id, a]));
  assert.equal(got.get('ecb-wire')!.founded, true);
  assert.equal(got.get('ecb-wire')!.storyId, storyIdFor('wire:ecb-wire'));
  assert.equal(got.get('ecb-syn1')!.duplicate, true);
  assert.equal(got.get('ip-syn')!.duplicate, true, 'same canonical link');
  assert.equal(got.get('ecb-rew')!.duplicate, false);
  assert.equal(got.get('ecb-rew')!.storyId, got.get('ecb-wire')!.storyId);
});

test('replay: the same items in the same order give the same story ids', () => {
  assert.deepEqual(assignAll(corpus), assignAll(corpus));
});

test('an edit keeps its story even when the new text would match nothing', () => {
  const index = new StoryIndex();
  const wire = corpus.find((c) => c.id === 'mo-wire')!;
  const copy = corpus.find((c) => c.id === 'mo-syn1')!;
  const t = Date.parse(wire.published);
  const first = index.assign('w:1', fingerprint(input(wire, 'w:1')), t);
  const second = index.assign('p:1', fingerprint(input(copy, 'p:1')), t);
  assert.equal(second.storyId, first.storyId);
  const edited = {
    ...copy,
    title: 'Correction',
    summary: 'An entirely different text about gardening tools.',
  };
  const again = index.assign('p:1', fingerprint(input(edited, 'p:1')), t, second);
  assert.deepEqual(again, { ...second, founded: false });
  // Its new text is what later items are compared with: a gardening copy now joins via p:1.
  const later = index.assign('q:1', fingerprint(input(edited, 'q:1')), t);
  assert.equal(later.storyId, first.storyId);
});

test('items further apart than the window never share a story', () => {
  const index = new StoryIndex();
  const wire = corpus.find((c) => c.id === 'na-wire')!;
  const a = index.assign('a:1', fingerprint(input(wire, 'a:1')), 0);
  const b = index.assign('b:1', fingerprint(input(wire, 'b:1')), 30 * 86400_000);
  assert.notEqual(a.storyId, b.storyId);
});
