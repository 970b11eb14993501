import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayName, entityKey, isJunkKey } from './normalize.ts';

test('displayName strips possessives, edge punctuation and extra whitespace', () => {
  assert.equal(displayName("Apple's"), 'Apple');
  assert.equal(displayName('  Tim   Cook, '), 'Tim Cook');
  assert.equal(displayName('“Berlin”'), 'Berlin');
  assert.equal(displayName('U.S.'), 'U.S.');
  assert.equal(displayName('#rustlang'), 'rustlang');
});

test('entityKey is case-, diacritics- and abbreviation-insensitive', () => {
  assert.equal(entityKey('São Paulo'), entityKey('SAO PAULO'));
  assert.equal(entityKey('São Paulo'), 'sao paulo');
  assert.equal(entityKey('U.S.'), entityKey('US'));
  assert.equal(entityKey('AT&T'), 'at&t');
  assert.equal(entityKey('Zürich'), 'zurich');
  assert.equal(entityKey('#RustLang'), 'rustlang');
});

test('isJunkKey rejects weekdays, boilerplate, numbers, single letters and long spans', () => {
  for (const junk of ['tuesday', 'read more', 'the', 'x', '2024', 'a b c d e f g']) {
    assert.equal(isJunkKey(junk), true, junk);
  }
  for (const ok of ['berlin', 'tim cook', 'us', 'ai']) assert.equal(isJunkKey(ok), false, ok);
});
