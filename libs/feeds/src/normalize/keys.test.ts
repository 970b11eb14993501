import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ItemKeys } from './keys.ts';

test('key precedence: guid, then link, then a hash of title + content', () => {
  const keys = new ItemKeys();
  assert.equal(keys.next('g1', 'https://l/1', 't', 'c'), 'g1');
  assert.equal(keys.next('', 'https://l/2', 't', 'c'), 'https://l/2');
  assert.match(keys.next('', '', 'title', 'content'), /^sha256:[0-9a-f]{64}$/);
});

test('hash keys are stable across runs and differ by content', () => {
  const a = new ItemKeys().next('', '', 'title', 'content');
  assert.equal(new ItemKeys().next('', '', 'title', 'content'), a);
  assert.notEqual(new ItemKeys().next('', '', 'title', 'other'), a);
});

test('repeated guids are disambiguated by link, then by position', () => {
  const keys = new ItemKeys();
  assert.equal(keys.next('same', 'https://l/a', '', ''), 'same');
  assert.equal(keys.next('same', 'https://l/b', '', ''), 'same|https://l/b');
  assert.equal(keys.next('same', 'https://l/b', '', ''), 'same|https://l/b|2');
  assert.equal(keys.next('same', '', '', ''), 'same|2');
  assert.equal(keys.next('same', '', '', ''), 'same|3');
});

test('many duplicates stay distinct and linear', () => {
  const keys = new ItemKeys();
  const seen = new Set<string>();
  for (let i = 0; i < 20_000; i++) seen.add(keys.next('dup', '', '', ''));
  assert.equal(seen.size, 20_000);
});

test('overlong keys are hashed', () => {
  assert.match(new ItemKeys().next('x'.repeat(600), '', '', ''), /^sha256:[0-9a-f]{64}$/);
});
