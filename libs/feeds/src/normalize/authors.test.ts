import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePersonText, uniqueAuthors } from './authors.ts';

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
