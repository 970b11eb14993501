import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEARCH_CANDIDATES, buildListSql, splitItemId } from './query.ts';

test('plain list: newest first, parameters bound, limit + 1 to detect a next page', () => {
  const { text, values } = buildListSql({ limit: 50 });
  assert.match(text, /order by i\.published desc nulls last, i\.id desc/);
  assert.doesNotMatch(text, /\nwhere /);
  assert.deepEqual(values, [51]);
});

test('filters and a dated cursor become bound predicates (no user text in the SQL)', () => {
  const evil = "x'); drop table items; --";
  const { text, values } = buildListSql({
    limit: 10,
    feedUids: ['u1'],
    language: evil,
    tag: 'tech',
    author: 'Ada',
    since: new Date('2026-01-01T00:00:00Z'),
    after: ['2026-02-01T00:00:00.000Z', '42'],
  });
  assert.doesNotMatch(text, /drop table/);
  assert.ok(values.includes(evil));
  assert.match(
    text,
    /\(i\.published, i\.id\) < \(\$\d+::timestamptz, \$\d+::bigint\) or i\.published is null/,
  );
  assert.match(text, /f\.tags @> array\[\$\d+\]::text\[\]/);
  assert.match(text, /lower\(a\.name\) = lower\(\$\d+\)/);
  assert.equal(values.at(-1), 11);
});

test('an undated cursor continues among undated items only', () => {
  const { text } = buildListSql({ limit: 5, after: [null, '7'] });
  assert.match(text, /i\.published is null and i\.id < \$1::bigint/);
});

test('search ranks a bounded candidate set and pages on (rank, id)', () => {
  const { text, values } = buildListSql({ limit: 20, q: 'cloud -chip', after: [0.5, '9'] });
  assert.match(text, /websearch_to_tsquery\('simple', \$1\)/);
  assert.match(text, new RegExp(`limit ${SEARCH_CANDIDATES}`));
  assert.match(text, /order by rank desc, i\.id desc/);
  assert.deepEqual(values, ['cloud -chip', 0.5, '9', 21]);
});

test('entity filter splits item ids into (feed uid, key) pairs', () => {
  const { values } = buildListSql({ limit: 1, itemIds: ['uid-1:https://a/b:c', 'bad'] });
  assert.deepEqual(values.slice(0, 2), [['uid-1'], ['https://a/b:c']]);
  assert.deepEqual(splitItemId('u:k:x'), { feedUid: 'u', key: 'k:x' });
  assert.equal(splitItemId(':k'), undefined);
});
