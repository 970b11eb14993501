// Unsafe URLs (issue 13): a script-capable URL in ANY URL-valued field, in any format, with or
// without a base URL, never reaches the normalized output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ParsedFeed } from '../model.ts';
import { parseFeed } from './index.ts';

/** How hostile URLs are spelled; `&#58;` is an XML character reference (decoded to ':'). */
const HOSTILE = [
  'javascript:alert(1)',
  'jav\tascript:alert(1)',
  'java\nscript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  '\u0001javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'DATA:image/svg+xml;base64,PHN2Zz4=',
  'vbscript:msgbox(1)',
  'javascript&#58;alert(1)',
  'jav&#x09;ascript:alert(1)',
];

const xml = (u: string) => u.replace(/[<>"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
const json = (u: string) => JSON.stringify(u.replace(/&#58;/g, ':').replace(/&#x09;/g, '\t'));

const DOCS: Record<string, (u: string) => string> = {
  rss: (
    u,
  ) => `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>t</title><link>${xml(u)}</link><image><url>${xml(u)}</url></image>
<atom:link rel="self" href="${xml(u)}"/><atom:link rel="hub" href="${xml(u)}"/>
<item><title>i</title><link>${xml(u)}</link><enclosure url="${xml(u)}" type="audio/mpeg"/>
<media:content url="${xml(u)}"/><atom:link rel="enclosure" href="${xml(u)}"/>
<atom:author><atom:name>n</atom:name><atom:uri>${xml(u)}</atom:uri></atom:author></item>
<item><title>j</title><atom:link rel="alternate" href="${xml(u)}"/></item></channel></rss>`,
  rssItunes: (u) =>
    `<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/"><channel><itunes:image href="${xml(u)}"/><item><title>i</title></item></channel></rss>`,
  rssThumb: (u) =>
    `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><media:thumbnail url="${xml(u)}"/></channel></rss>`,
  atom: (u) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><link href="${xml(u)}"/>
<link rel="self" href="${xml(u)}"/><link rel="hub" href="${xml(u)}"/><logo>${xml(u)}</logo>
<author><name>a</name><uri>${xml(u)}</uri></author>
<entry><id>e</id><title>e</title><link href="${xml(u)}"/><link rel="enclosure" href="${xml(u)}"/>
<author><name>b</name><uri>${xml(u)}</uri></author></entry></feed>`,
  atomIcon: (u) => `<feed xmlns="http://www.w3.org/2005/Atom"><icon>${xml(u)}</icon></feed>`,
  json: (u) => `{"version":"https://jsonfeed.org/version/1.1","title":"t","home_page_url":${json(u)},
"feed_url":${json(u)},"icon":${json(u)},"hubs":[{"type":"WebSub","url":${json(u)}}],
"authors":[{"name":"a","url":${json(u)}}],
"items":[{"id":"1","url":${json(u)},"attachments":[{"url":${json(u)},"mime_type":"audio/mpeg"}],
"authors":[{"name":"b","url":${json(u)}}]},{"id":"2","external_url":${json(u)}}]}`,
  jsonFavicon: (u) => `{"version":"https://jsonfeed.org/version/1.1","favicon":${json(u)},"items":[]}`,
};

/** Every URL-valued field of the model. */
function urls({ feed, items }: ParsedFeed): string[] {
  return [
    feed.link,
    feed.feedUrl,
    feed.image,
    ...feed.hubs,
    ...feed.authors.map((a) => a.uri),
    ...items.flatMap((it) => [it.link, ...it.enclosures.map((e) => e.url), ...it.authors.map((a) => a.uri)]),
  ];
}

// eslint-disable-next-line no-control-regex -- browsers ignore these inside URLs, so must the check
const INVISIBLE = /[\u0000-\u0020\u007f]+/g;
const scriptable = (u: string) => /^(?:javascript|data|vbscript):/i.test(u.replace(INVISIBLE, ''));

test('no URL field of any format carries a script-capable scheme (property)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...Object.keys(DOCS)),
      fc.constantFrom(...HOSTILE),
      fc.constantFrom(undefined, 'https://example.com/feed'),
      (format, url, base) => {
        const parsed = parseFeed(
          (DOCS[format] as (u: string) => string)(url),
          base === undefined ? {} : { url: base },
        );
        for (const u of urls(parsed)) assert.ok(!scriptable(u), `${format} kept ${JSON.stringify(u)}`);
      },
    ),
    { numRuns: 400 },
  );
});

test('safe URLs in the same fields survive, resolved against the base', () => {
  const parsed = parseFeed(DOCS.atom?.('/p/1') ?? '', { url: 'https://example.com/feed' });
  assert.deepEqual(
    [
      parsed.feed.link,
      parsed.feed.feedUrl,
      parsed.feed.hubs,
      parsed.feed.authors[0]?.uri,
      parsed.items[0]?.link,
    ],
    [
      'https://example.com/p/1',
      'https://example.com/p/1',
      ['https://example.com/p/1'],
      'https://example.com/p/1',
      'https://example.com/p/1',
    ],
  );
  const noBase = parseFeed(DOCS.json?.('mailto:me@example.com') ?? '');
  assert.equal(noBase.feed.link, 'mailto:me@example.com');
});
