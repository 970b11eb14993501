import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText, itemText } from './text.ts';

test('htmlToText drops tags and scripts, decodes entities, breaks blocks into sentences', () => {
  assert.equal(
    htmlToText('<p>Paris &amp; <b>London</b></p><p>Berlin</p><script>x("Rome")</script>'),
    'Paris & London. Berlin',
  );
  // &nbsp; is whitespace too and collapses like any other.
  assert.equal(htmlToText('caf&eacute;&nbsp;&#233;'), 'café é');
  assert.equal(htmlToText(''), '');
});

test('itemText joins title and summary as two sentences and caps the length', () => {
  assert.equal(itemText('Hello World', '<p>Body</p>'), 'Hello World. Body');
  assert.equal(itemText('Done!', 'Body'), 'Done! Body');
  assert.equal(itemText('', 'Only body'), 'Only body');
  assert.equal(itemText('x'.repeat(50), '', 10).length, 10);
});
