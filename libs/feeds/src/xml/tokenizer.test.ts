import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '../errors.ts';
import { htmlOf } from './query.ts';
import { parseXml } from './tokenizer.ts';

test('namespaces resolve to canonical prefixes whatever the document calls them', () => {
  const doc = parseXml(
    '<rss xmlns:dcx="http://purl.org/dc/elements/1.1/" xmlns:a="http://www.w3.org/2005/Atom"><dcx:creator>x</dcx:creator><a:link href="h"/><undeclared:y/></rss>',
  );
  const [creator, link, y] = doc.root.children;
  assert.deepEqual([creator?.ns, creator?.local, creator?.text], ['dc', 'creator', 'x']);
  assert.deepEqual([link?.ns, link?.local, link?.attrs], ['atom', 'link', { href: 'h' }]);
  assert.deepEqual([y?.ns, y?.local], ['undeclared', 'y']);
});

test('default namespace scoping ends with its element', () => {
  const doc = parseXml(
    '<feed xmlns="http://www.w3.org/2005/Atom"><content><div xmlns="http://www.w3.org/1999/xhtml"><p/></div></content><id/></feed>',
  );
  const content = doc.root.children[0];
  assert.equal(content?.ns, 'atom');
  assert.equal(content?.children[0]?.ns, 'xhtml');
  assert.equal(content?.children[0]?.children[0]?.ns, 'xhtml');
  assert.equal(doc.root.children[1]?.ns, 'atom');
});

test('text: entities decoded, CDATA verbatim, unknown and DTD entities never expanded', () => {
  const doc = parseXml(
    '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY b "&e;&e;">]><r><a>1 &lt; 2 &amp; &eacute; &#x41;&#66;</a><b><![CDATA[<p>&amp;</p>]]></b><c>&e; &b; AT&T</c></r>',
  );
  const [a, b, c] = doc.root.children;
  assert.equal(a?.text, '1 < 2 & é AB');
  assert.equal(b?.text, '<p>&amp;</p>');
  assert.equal(c?.text, '&e; &b; AT&T');
});

test('recovery: mismatched end tags, unclosed elements, stray <, unclosed item', () => {
  const doc = parseXml('<r><a>x</b>y</a><item><t>1</t><item><t>2</t></item><c>1 < 2</c><d>unclosed');
  const names = doc.root.children.map((c) => c.local);
  assert.deepEqual(names, ['a', 'item', 'item', 'c', 'd']);
  assert.equal(doc.root.children[0]?.text, 'xy');
  assert.equal(doc.root.children[3]?.text, '1 < 2');
  assert.equal(doc.root.children[4]?.text, 'unclosed');
});

test('raw inner markup is available for mixed content', () => {
  const doc = parseXml('<r><description>text <b>bold</b> <![CDATA[<i>x</i>]]></description></r>');
  assert.equal(htmlOf(doc, doc.root.children[0]), 'text <b>bold</b> <i>x</i>');
});

test('attributes: quoted, unquoted, entity-decoded, xml:base canonical', () => {
  const doc = parseXml(`<r><e a="1 &amp; 2" b='q"' c=bare xml:base="http://b/"/></r>`);
  assert.deepEqual(doc.root.children[0]?.attrs, { a: '1 & 2', b: 'q"', c: 'bare', 'xml:base': 'http://b/' });
});

test('no root element and excessive nesting are ParseErrors', () => {
  assert.throws(
    () => parseXml('<?xml version="1.0"?><!-- x -->'),
    (e) => e instanceof ParseError && e.code === 'malformed',
  );
  assert.throws(
    () => parseXml('<a>'.repeat(300)),
    (e) => e instanceof ParseError && e.code === 'too-large',
  );
});

test('a comment or PI inside the DOCTYPE may hold ] and > (as in expat)', () => {
  const doc = parseXml(
    '<!DOCTYPE rss [<!-- hidden ]> <title>fake</title> --><?pi ]>?><!ENTITY e "a>b">]><rss><channel><title>real</title><item/></channel></rss>',
  );
  const channel = doc.root.children[0];
  assert.equal(doc.root.local, 'rss');
  assert.deepEqual(
    channel?.children.map((c) => [c.local, c.text]),
    [
      ['title', 'real'],
      ['item', ''],
    ],
  );
});

test('a prefix named like an Object.prototype member is just a prefix', () => {
  const doc = parseXml('<rss><constructor:x/><toString:y/></rss>');
  assert.deepEqual(
    doc.root.children.map((c) => c.ns),
    ['constructor', 'toString'],
  );
});
