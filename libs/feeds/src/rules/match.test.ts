import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeedRule } from '@tributary/feed-api';
import type { NormalizedItem } from '../model.ts';
import { compileRules, evaluateRules, ruleSubject, withTags } from './match.ts';

const item = (over: Partial<NormalizedItem> = {}): NormalizedItem => ({
  key: 'k',
  guid: 'g',
  link: 'https://example.org/posts/1',
  title: 'Rust 2.0 released',
  summary: '<p>The <b>Rust</b> team announces</p>',
  content: '',
  published: null,
  updated: null,
  authors: [{ name: 'Ada Lovelace', email: 'ada@example.org', uri: '' }],
  categories: ['lang'],
  enclosures: [],
  contentHash: 'h',
  language: '',
  ...over,
});

const verdict = (rules: FeedRule[], it = item(), entities: string[] = []) =>
  evaluateRules(
    compileRules(rules),
    ruleSubject(it, () => entities),
  );

test('Drop on a case-insensitive substring of the title', () => {
  assert.equal(verdict([{ action: 'Drop', field: 'title', contains: 'RUST' }]).keep, false);
  assert.equal(verdict([{ action: 'Drop', field: 'title', contains: 'python' }]).keep, true);
});

test('content is matched as text, summary included, markup not', () => {
  assert.equal(verdict([{ action: 'Drop', field: 'content', contains: 'rust team' }]).keep, false);
  assert.equal(verdict([{ action: 'Drop', field: 'content', contains: '<b>' }]).keep, true);
});

test('author names and e-mails, link, any', () => {
  assert.equal(verdict([{ action: 'Drop', field: 'author', regex: '@example\\.org$' }]).keep, false);
  assert.equal(verdict([{ action: 'Drop', field: 'link', regex: '/posts/\\d+$' }]).keep, false);
  assert.equal(verdict([{ action: 'Drop', field: 'any', contains: 'lovelace' }]).keep, false);
});

test('regex is case-sensitive unless (?i)', () => {
  assert.equal(verdict([{ action: 'Drop', field: 'title', regex: 'rust' }]).keep, true);
  assert.equal(verdict([{ action: 'Drop', field: 'title', regex: '(?i)rust' }]).keep, false);
});

test('Keep rules make an allow-list; Drop wins over Keep', () => {
  const keepGo: FeedRule = { action: 'Keep', field: 'title', contains: 'go' };
  const keepRust: FeedRule = { action: 'Keep', field: 'title', contains: 'rust' };
  assert.equal(verdict([keepGo]).keep, false);
  assert.equal(verdict([keepGo, keepRust]).keep, true);
  assert.equal(verdict([keepRust, { action: 'Drop', field: 'title', contains: '2.0' }]).keep, false);
});

test('Tag rules add tags once, in order, only to kept items', () => {
  const rules: FeedRule[] = [
    { name: 'lang', action: 'Tag', field: 'title', contains: 'rust', tags: ['rust', 'lang'] },
    { action: 'Tag', field: 'link', contains: 'example.org', tags: ['example'] },
  ];
  const v = verdict(rules);
  assert.deepEqual(v, { keep: true, tags: ['rust', 'lang', 'example'], matched: ['lang', 'rules[1]'] });
  assert.deepEqual(withTags(item(), v.tags).categories, ['lang', 'rust', 'example']);
  assert.deepEqual(
    verdict([...rules, { action: 'Drop', field: 'title', contains: 'rust' }]).tags,
    [],
    'a dropped item gains no tags',
  );
});

test('entity rules ask for entities lazily, once', () => {
  let calls = 0;
  const rules = compileRules([
    { action: 'Drop', field: 'entity', regex: '^Ada Lovelace$' },
    { action: 'Tag', field: 'entity', contains: 'ada', tags: ['people'] },
  ]);
  assert.equal(rules.needsEntities, true);
  const subject = ruleSubject(item(), () => {
    calls++;
    return ['Ada Lovelace'];
  });
  assert.equal(evaluateRules(rules, subject).keep, false);
  assert.equal(calls, 1);
  const none = ruleSubject(item(), () => assert.fail('no entity rule: entities must not be computed'));
  evaluateRules(compileRules([{ action: 'Drop', field: 'title', contains: 'x' }]), none);
});

test('bad rules are reported by name and skipped; the rest still apply', () => {
  const compiled = compileRules([
    { name: 'unclosed', action: 'Drop', field: 'title', regex: '(rust' },
    { action: 'Drop', field: 'title', regex: '(?<=a)b' },
    { action: 'Drop', field: 'title', regex: '(a)\\1' },
    { action: 'Drop', field: 'title', contains: 'x', regex: 'y' },
    { action: 'Tag', field: 'title', contains: 'x' },
    { action: 'Drop', field: 'title', contains: 'released' },
  ]);
  assert.deepEqual(
    compiled.errors.map((e) => e.rule),
    ['unclosed', 'rules[1]', 'rules[2]', 'rules[3]', 'rules[4]'],
  );
  assert.match(compiled.errors[0]!.message, /^regex: .*missing closing \)/);
  assert.equal(compiled.rules.length, 1);
  assert.equal(
    evaluateRules(
      compiled,
      ruleSubject(item(), () => []),
    ).keep,
    false,
  );
});

test('a backtracking-bomb pattern runs in linear time on a hostile title', () => {
  // (a+)+$ against "aaaa…!" is exponential for a backtracking engine; RE2 answers at once.
  const hostile = item({ title: `${'a'.repeat(50_000)}!` });
  assert.equal(verdict([{ action: 'Drop', field: 'title', regex: '(a+)+$' }], hostile).keep, true);
});
