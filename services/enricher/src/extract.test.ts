import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractEntities } from './extract.ts';
import { enrichItem, enrichedMsgId } from './enrich.ts';

const byName = (text: string) => new Map(extractEntities(text).map((e) => [e.name, e]));

test('people, places and organizations come out typed and counted', () => {
  const got = byName(
    'Tim Cook met with Angela Merkel in Berlin to discuss the European Union rules. Later Tim Cook flew to Paris.',
  );
  assert.deepEqual(got.get('Tim Cook'), { name: 'Tim Cook', type: 'person', count: 2 });
  assert.equal(got.get('Angela Merkel')?.type, 'person');
  assert.equal(got.get('Berlin')?.type, 'place');
  assert.equal(got.get('Paris')?.type, 'place');
  assert.equal(got.get('European Union')?.type, 'organization');
});

test('possessives are split off and do not create separate names', () => {
  const got = byName("The European Union's new rules were discussed in Berlin.");
  assert.ok(got.has('European Union'));
  assert.ok(![...got.keys()].some((n) => n.includes("'")));
});

test('hashtags and unclassified proper nouns are topics', () => {
  const got = byName('Developers love WebAssembly and Azure these days #rustlang');
  assert.equal(got.get('rustlang')?.type, 'topic');
  assert.equal(got.get('WebAssembly')?.type, 'topic');
});

test('diacritics-insensitive counting keeps the most frequent surface form', () => {
  const got = extractEntities('We flew to São Paulo. Then Sao Paulo again. São Paulo was hot.');
  const sp = got.filter((e) => e.type === 'place' && e.name.toLowerCase().includes('paulo'));
  assert.equal(sp.length, 1);
  assert.equal(sp[0]?.name, 'São Paulo');
  assert.equal(sp[0]?.count, 3);
});

test('Title Case headlines do not turn into one giant entity', () => {
  for (const e of extractEntities('Apple Releases New Models At Big Cupertino Event')) {
    assert.ok(e.name.split(' ').length <= 2, e.name);
  }
});

test('junk and empty input yield nothing', () => {
  assert.deepEqual(extractEntities(''), []);
  assert.deepEqual(extractEntities('Monday. Tuesday. Read more.'), []);
});

test('enrichItem honours enrichEntities=false with an empty entity list', () => {
  const item = {
    key: 'k1',
    title: 'Angela Merkel visits Berlin',
    summary: '',
    content: '<p>x</p>',
    contentHash: 'h',
  };
  const on = enrichItem({ feed: { uid: 'f1', enrichEntities: true }, item });
  assert.equal(on.feedUid, 'f1');
  assert.equal(on.itemKey, 'k1');
  assert.ok(on.entities.some((e) => e.name === 'Angela Merkel' && e.type === 'person'));
  const off = enrichItem({ feed: { uid: 'f1', enrichEntities: false }, item });
  assert.deepEqual(off.entities, []);
  assert.equal(enrichedMsgId('f1', 'k1', 'h'), 'f1:k1:h');
});

test('sentence-initial common words are not names; surnames follow first names', () => {
  const got = byName(
    'Markets rallied on Monday as investors cheered. Officials in Washington declined to comment. Angela Merkel agreed.',
  );
  assert.equal(got.has('Markets'), false);
  assert.equal(got.has('Officials'), false);
  assert.equal(got.get('Washington')?.type, 'place');
  assert.equal(got.get('Angela Merkel')?.type, 'person');
});
