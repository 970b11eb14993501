import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findEmail, parsePersonText, uniqueAuthors, uniqueStrings } from './authors.ts';

test('person text in every common shape', () => {
  const cases: [string, string, string][] = [
    ['me@example.com (Example editor)', 'Example editor', 'me@example.com'],
    ['Example editor (me@example.com)', 'Example editor', 'me@example.com'],
    ['Example editor <me@example.com>', 'Example editor', 'me@example.com'],
    ['me+spam@example.com', '', 'me+spam@example.com'],
    ['mailto:me@example.com', '', 'me@example.com'],
    ['  Example   editor ', 'Example editor', ''],
  ];
  for (const [input, name, email] of cases)
    assert.deepEqual(parsePersonText(input), { name, email, uri: '' }, input);
});

test('duplicate authors merge, empty ones vanish', () => {
  assert.deepEqual(
    uniqueAuthors([
      { name: 'A', email: '', uri: '' },
      { name: 'A', email: 'a@x.org', uri: '' },
      { name: '', email: '', uri: '' },
      { name: 'B', email: '', uri: 'https://b' },
    ]),
    [
      { name: 'A', email: 'a@x.org', uri: '' },
      { name: 'B', email: '', uri: 'https://b' },
    ],
  );
});

test('findEmail finds exactly what the e-mail pattern matches (property)', () => {
  const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
  const chars = fc.constantFrom('a', 'Z', '0', '_', '.', '+', '-', '@', ' ', '(', '<', 'é');
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 30 }), (parts) => {
      const s = parts.join('');
      const m = EMAIL.exec(s);
      assert.deepEqual(findEmail(s), m === null ? null : [m.index, m.index + m[0].length], s);
    }),
    { numRuns: 3000 },
  );
});

test('de-duplication keeps first occurrences, merges by name or by e-mail', () => {
  assert.deepEqual(uniqueStrings([' a ', 'b', 'a', '', 'b  c', 'b c']), ['a', 'b', 'b c']);
  assert.deepEqual(
    uniqueAuthors([
      { name: '', email: 'x@y.org', uri: '' },
      { name: 'N', email: '', uri: '' },
      { name: 'N', email: 'z@y.org', uri: 'https://n' },
      { name: '', email: 'z@y.org', uri: 'https://other' },
      { name: '', email: 'x@y.org', uri: 'https://x' },
    ]),
    [
      { name: '', email: 'x@y.org', uri: 'https://x' },
      { name: 'N', email: 'z@y.org', uri: 'https://n' },
    ],
  );
});
