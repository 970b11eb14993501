import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { resolveLink, resolveUrl, stripTracking, withBase } from './urls.ts';

test('relative references resolve against the base; absolute ones are kept as written', () => {
  assert.equal(resolveUrl('posts/1', 'https://ex.com/blog/'), 'https://ex.com/blog/posts/1');
  assert.equal(resolveUrl('/a', 'https://ex.com/blog/'), 'https://ex.com/a');
  assert.equal(resolveUrl('//cdn.ex.com/x', 'https://ex.com/'), 'https://cdn.ex.com/x');
  assert.equal(resolveUrl('http://Other.com', 'https://ex.com/'), 'http://Other.com');
  assert.equal(resolveUrl('  ', 'https://ex.com/'), '');
  assert.equal(resolveUrl('rel', undefined), 'rel');
  // The string-joining fast path must agree with the WHATWG resolver on every shape it accepts.
  for (const ref of [
    '/a/./b',
    'a/../b',
    '/a/%2e%2e/b',
    '/a/%2E/b',
    'x?y#z',
    '/p?q=1&r=2',
    "a!$'()*+,;=:@~",
    'é',
    'a b',
    '..',
    '.',
  ]) {
    assert.equal(
      resolveUrl(ref, 'https://ex.com/dir/page'),
      new URL(ref, 'https://ex.com/dir/page').href,
      ref,
    );
  }
});

test('tracking parameters are removed, others kept in order', () => {
  assert.equal(
    stripTracking('https://ex.com/a?utm_source=x&id=1&fbclid=y&utm_campaign=z'),
    'https://ex.com/a?id=1',
  );
  assert.equal(stripTracking('https://ex.com/a?gclid=1'), 'https://ex.com/a');
  assert.equal(stripTracking('https://ex.com/a?mc_cid=1&mc_eid=2#frag'), 'https://ex.com/a#frag');
  assert.equal(stripTracking('https://ex.com/a?utmost=1'), 'https://ex.com/a?utmost=1');
});

test('links with script-capable schemes are dropped', () => {
  assert.equal(resolveLink('javascript:alert(1)', 'https://ex.com/'), '');
  assert.equal(resolveLink('data:text/html,x', undefined), '');
  assert.equal(resolveLink('mailto:a@b.c', undefined), 'mailto:a@b.c');
  assert.equal(resolveLink('tag:ex.com,2004:1', undefined), 'tag:ex.com,2004:1');
});

test('xml:base chains', () => {
  assert.equal(withBase('sub/', 'https://ex.com/a/'), 'https://ex.com/a/sub/');
  assert.equal(withBase(undefined, 'https://ex.com/'), 'https://ex.com/');
  assert.equal(withBase('relative-only', undefined), undefined);
});

test('property: resolution agrees with the WHATWG URL resolver (no tracking parameters involved)', () => {
  const piece = fc.constantFrom(
    'a',
    'B',
    '/',
    '.',
    '..',
    '%2e',
    '%20',
    '?',
    '#',
    '&',
    '=',
    ':',
    '@',
    '~',
    '!',
    "'",
    '(',
    '+',
    ',',
    ';',
    '*',
    ' ',
    'é',
    '-',
    '_',
  );
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 12 }),
      fc.constantFrom('https://ex.com/dir/page', 'http://ex.com', 'https://ex.com/a/b/'),
      (parts, base) => {
        const ref = parts.join('').trim();
        if (ref === '' || /^[a-z][a-z0-9+.-]*:/i.test(ref)) return;
        // Unresolvable references ("//") are kept as written.
        assert.equal(resolveUrl(ref, base), URL.parse(ref, base)?.href ?? ref, ref);
      },
    ),
    { numRuns: 2_000 },
  );
});
