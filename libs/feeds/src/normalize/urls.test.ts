import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveLink, resolveUrl, stripTracking, withBase } from './urls.ts';

test('relative references resolve against the base; absolute ones are kept as written', () => {
  assert.equal(resolveUrl('posts/1', 'https://ex.com/blog/'), 'https://ex.com/blog/posts/1');
  assert.equal(resolveUrl('/a', 'https://ex.com/blog/'), 'https://ex.com/a');
  assert.equal(resolveUrl('//cdn.ex.com/x', 'https://ex.com/'), 'https://cdn.ex.com/x');
  assert.equal(resolveUrl('http://Other.com', 'https://ex.com/'), 'http://Other.com');
  assert.equal(resolveUrl('  ', 'https://ex.com/'), '');
  assert.equal(resolveUrl('rel', undefined), 'rel');
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
