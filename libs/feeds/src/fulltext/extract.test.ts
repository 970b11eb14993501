import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { extractArticle } from './extract.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const url = 'https://news.example/2026/12/flood-barriers';

test('the article is found; navigation, ads, comments and scripts are not', () => {
  const a = extractArticle(fixture('article.html'), url);
  assert.ok(a);
  assert.match(a.title, /Flood barriers hold as river peaks/);
  assert.match(a.html, /reinforcing the embankments/);
  assert.ok(a.textLength > 1000, String(a.textLength));
  for (const chrome of ['Buy now', 'Sport', 'First!', 'Privacy', 'tracker', 'iframe'])
    assert.ok(!a.html.includes(chrome), `no ${chrome}`);
});

test('the article is sanitized: no handlers, relative URLs resolved', () => {
  const a = extractArticle(fixture('article.html'), url)!;
  assert.ok(!/onclick|onerror|steal\(|alert\(/.test(a.html), a.html);
  assert.match(a.html, /href="https:\/\/news\.example\/advice\/floods"/);
  assert.match(a.html, /src="https:\/\/news\.example\/img\/barrier\.jpg"/);
});

test('a page without an article gives null', () => {
  assert.equal(extractArticle(fixture('front-page.html'), 'https://news.example/'), null);
  assert.equal(extractArticle('', 'https://news.example/'), null);
  assert.equal(extractArticle('<p>Too short to be an article.</p>', 'https://news.example/'), null);
});
