/**
 * Deterministic feed documents (pure). Feed `f` has `items` entries; entry `j` at revision `r`
 * always renders the same bytes, so tests can predict keys and hashes, and an edit (revision + 1)
 * changes exactly that entry's content.
 */
export const FIXTURE_FORMATS = ['rss2', 'rss091', 'rdf', 'atom10', 'atom03', 'json10', 'json11'] as const;
export type FixtureFormat = (typeof FIXTURE_FORMATS)[number];

export interface FixtureItem {
  index: number;
  revision: number;
  guid: string;
  link: string;
  title: string;
  html: string;
  published: Date;
  author: string;
  category: string;
}

export interface FixtureDoc {
  feedIndex: number;
  baseUrl: string;
  selfUrl: string;
  title: string;
  items: FixtureItem[];
  /** Extra text placed in titles (charset tests), default none. */
  flavour?: string;
  /** Bytes of padding (oversize tests). */
  padBytes?: number;
  ttlMinutes?: number;
}

/** Item `j` is published `j` hours after this fixed instant; documents list the newest first. */
const EPOCH = Date.UTC(2026, 0, 1, 0, 0, 0);

export function fixtureItem(
  baseUrl: string,
  feed: number,
  index: number,
  revision: number,
  flavour = '',
): FixtureItem {
  const rev = revision > 0 ? ` (rev ${revision})` : '';
  return {
    index,
    revision,
    guid: `urn:tributary:fixture:${feed}:${index}`,
    link: `${baseUrl}/items/${feed}/${index}`,
    title: `Feed ${feed} item ${index}${flavour}${rev}`,
    html: `<p>Body of item ${index} in feed ${feed}${rev}. Mentions Ada Lovelace and Alan Turing in London.</p><p><a href="/items/${feed}/${(index + 1) % 1000}">next</a></p>`,
    published: new Date(EPOCH + index * 3600_000),
    author: `Author ${index % 3}`,
    category: `topic-${index % 4}`,
  };
}

function x(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const rfc822 = (d: Date) => d.toUTCString();
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const pad = (n: number | undefined) => (n && n > 0 ? `<!-- ${'x'.repeat(n)} -->\n` : '');

function rss2(d: FixtureDoc): string {
  const items = d.items
    .map(
      (i) => `    <item>
      <title>${x(i.title)}</title>
      <link>${x(i.link)}</link>
      <guid isPermaLink="false">${x(i.guid)}</guid>
      <pubDate>${rfc822(i.published)}</pubDate>
      <dc:creator>${x(i.author)}</dc:creator>
      <category>${x(i.category)}</category>
      <description>${x(i.html.slice(0, 60))}</description>
      <content:encoded><![CDATA[${i.html}]]></content:encoded>
      <enclosure url="${x(i.link)}.mp3" type="audio/mpeg" length="${1000 + i.index}"/>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>${x(d.title)}</title>
    <link>${x(d.baseUrl)}/</link>
    <description>Fixture feed ${d.feedIndex}</description>
    <language>en</language>
    ${d.ttlMinutes ? `<ttl>${d.ttlMinutes}</ttl>` : ''}
    <atom:link rel="self" href="${x(d.selfUrl)}"/>
    <atom:link rel="hub" href="${x(d.baseUrl)}/hub"/>
${pad(d.padBytes)}${items}
  </channel>
</rss>
`;
}

function rss091(d: FixtureDoc): string {
  const items = d.items
    .map(
      (i) => `    <item>
      <title>${x(i.title)}</title>
      <link>${x(i.link)}</link>
      <description>${x(i.html)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="0.91">
  <channel>
    <title>${x(d.title)}</title>
    <link>${x(d.baseUrl)}/</link>
    <description>Fixture feed ${d.feedIndex}</description>
    <language>en-us</language>
${pad(d.padBytes)}${items}
  </channel>
</rss>
`;
}

function rdf(d: FixtureDoc): string {
  const seq = d.items.map((i) => `        <rdf:li rdf:resource="${x(i.link)}"/>`).join('\n');
  const items = d.items
    .map(
      (i) => `  <item rdf:about="${x(i.link)}">
    <title>${x(i.title)}</title>
    <link>${x(i.link)}</link>
    <description>${x(i.html)}</description>
    <dc:date>${iso(i.published)}</dc:date>
    <dc:creator>${x(i.author)}</dc:creator>
    <dc:subject>${x(i.category)}</dc:subject>
  </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="${x(d.selfUrl)}">
    <title>${x(d.title)}</title>
    <link>${x(d.baseUrl)}/</link>
    <description>Fixture feed ${d.feedIndex}</description>
    <items>
      <rdf:Seq>
${seq}
      </rdf:Seq>
    </items>
  </channel>
${pad(d.padBytes)}${items}
</rdf:RDF>
`;
}

function atom10(d: FixtureDoc): string {
  const updated = d.items[0]?.published ?? new Date(EPOCH);
  const entries = d.items
    .map(
      (i) => `  <entry>
    <title>${x(i.title)}</title>
    <id>${x(i.guid)}</id>
    <link rel="alternate" href="${x(i.link)}"/>
    <published>${iso(i.published)}</published>
    <updated>${iso(i.published)}</updated>
    <author><name>${x(i.author)}</name></author>
    <category term="${x(i.category)}"/>
    <summary>${x(i.title)}</summary>
    <content type="html">${x(i.html)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>${x(d.title)}</title>
  <id>urn:tributary:fixture:${d.feedIndex}</id>
  <updated>${iso(updated)}</updated>
  <link rel="alternate" href="${x(d.baseUrl)}/"/>
  <link rel="self" href="${x(d.selfUrl)}"/>
  <link rel="hub" href="${x(d.baseUrl)}/hub"/>
${pad(d.padBytes)}${entries}
</feed>
`;
}

function atom03(d: FixtureDoc): string {
  const modified = d.items[0]?.published ?? new Date(EPOCH);
  const entries = d.items
    .map(
      (i) => `  <entry>
    <title>${x(i.title)}</title>
    <id>${x(i.guid)}</id>
    <link rel="alternate" type="text/html" href="${x(i.link)}"/>
    <issued>${iso(i.published)}</issued>
    <modified>${iso(i.published)}</modified>
    <author><name>${x(i.author)}</name></author>
    <content type="text/html" mode="escaped">${x(i.html)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="en">
  <title>${x(d.title)}</title>
  <link rel="alternate" type="text/html" href="${x(d.baseUrl)}/"/>
  <modified>${iso(modified)}</modified>
${pad(d.padBytes)}${entries}
</feed>
`;
}

function json(d: FixtureDoc, version: '1' | '1.1'): string {
  const doc = {
    version: `https://jsonfeed.org/version/${version}`,
    title: d.title,
    home_page_url: `${d.baseUrl}/`,
    feed_url: d.selfUrl,
    language: 'en',
    hubs: [{ type: 'WebSub', url: `${d.baseUrl}/hub` }],
    ...(d.padBytes ? { _padding: 'x'.repeat(d.padBytes) } : {}),
    items: d.items.map((i) => ({
      id: i.guid,
      url: i.link,
      title: i.title,
      content_html: i.html,
      date_published: iso(i.published),
      ...(version === '1.1' ? { authors: [{ name: i.author }] } : { author: { name: i.author } }),
      tags: [i.category],
    })),
  };
  return `${JSON.stringify(doc, null, 1)}\n`;
}

export const CONTENT_TYPES: Record<FixtureFormat, string> = {
  rss2: 'application/rss+xml',
  rss091: 'application/rss+xml',
  rdf: 'application/rdf+xml',
  atom10: 'application/atom+xml',
  atom03: 'application/atom+xml',
  json10: 'application/feed+json',
  json11: 'application/feed+json',
};

/** Renders one document in the given format (UTF-8 text). */
export function renderFeed(format: FixtureFormat, doc: FixtureDoc): string {
  switch (format) {
    case 'rss2':
      return rss2(doc);
    case 'rss091':
      return rss091(doc);
    case 'rdf':
      return rdf(doc);
    case 'atom10':
      return atom10(doc);
    case 'atom03':
      return atom03(doc);
    case 'json10':
      return json(doc, '1');
    case 'json11':
      return json(doc, '1.1');
  }
}

export function isFixtureFormat(s: string): s is FixtureFormat {
  return (FIXTURE_FORMATS as readonly string[]).includes(s);
}

/** The web page of item `index` of feed `feed`: chrome (nav, ads, comments) around a long article. */
export function articlePage(feed: number, index: number): string {
  const para = `<p>Full text of item ${index} in feed ${feed}: the river authority said water levels along the lower valley rose faster than forecast, and crews reinforced the embankments near the old mill overnight.</p>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Feed ${feed} item ${index}</title><script>var t=1</script></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><aside class="ad">Buy now</aside>
<article><h1>Feed ${feed} item ${index}</h1>${para.repeat(6)}<p><a href="/items/${feed}/${index}" onclick="x()">permalink</a></p></article>
<section id="comments"><p>First!</p></section><footer>Privacy</footer></body></html>`;
}
