// Deterministic feed documents for the parse benchmark: the same items rendered as RSS 2.0, Atom
// 1.0, RDF 1.0 and JSON Feed 1.1, with realistic bodies (escaped HTML with links, images, a
// tracking pixel, a script, entities), namespaces (dc, content, media) and enclosures.
export type BenchFormat = 'rss' | 'atom' | 'rdf' | 'json';
export const SIZES = { small: 10, medium: 200, large: 2_000 } as const;
export type BenchSize = keyof typeof SIZES;

interface Item {
  n: number;
  title: string;
  link: string;
  date: Date;
  author: string;
  categories: string[];
  summary: string;
  content: string;
  enclosure: string;
}

/** Small deterministic PRNG (mulberry32) so every run sees identical documents. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'feed graph stream parser kernel river delta cluster node event item schema token cache query index vector'.split(
    ' ',
  );

function items(count: number): Item[] {
  const rand = rng(count);
  const words = (k: number) =>
    Array.from({ length: k }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
  return Array.from({ length: count }, (_, i) => {
    const paragraphs = Array.from(
      { length: 6 },
      (_, p) =>
        `<p>${words(40)} <a href="/posts/${i}/ref-${p}?utm_source=feed">${words(3)}</a> &amp; ${words(20)} &mdash; <em>${words(5)}</em></p>`,
    ).join('\n');
    return {
      n: i,
      title: `Item ${i}: ${words(6)} & "quotes"`,
      link: `https://bench.example.com/posts/${i}?utm_medium=rss`,
      date: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
      author: `Author ${i % 7}`,
      categories: [WORDS[i % WORDS.length] as string, WORDS[(i * 3) % WORDS.length] as string],
      summary: `<p>${words(30)} <b>${words(4)}</b></p>`,
      content: `${paragraphs}\n<img src="/img/${i}.jpg" alt="pic ${i}"><img src="https://pixel.wp.com/g.gif?i=${i}" width="1" height="1"><script>track(${i})</script>`,
      enclosure: `https://cdn.bench.example.com/audio/${i}.mp3`,
    };
  });
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function rss(list: Item[]): string {
  const body = list
    .map(
      (it) => `<item>
<title>${xml(it.title)}</title>
<link>${xml(it.link)}</link>
<guid isPermaLink="false">bench-${it.n}</guid>
<pubDate>${it.date.toUTCString()}</pubDate>
<dc:creator>${it.author}</dc:creator>
${it.categories.map((c) => `<category>${c}</category>`).join('')}
<description>${xml(it.summary)}</description>
<content:encoded><![CDATA[${it.content}]]></content:encoded>
<enclosure url="${it.enclosure}" length="${1000 + it.n}" type="audio/mpeg"/>
<media:content url="${it.enclosure.replace('.mp3', '.mp4')}" type="video/mp4" fileSize="${2000 + it.n}"/>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Bench RSS</title><link>https://bench.example.com/</link><description>Benchmark feed</description>
<atom:link rel="self" href="https://bench.example.com/rss.xml"/><language>en</language>
${body}
</channel>
</rss>
`;
}

function atom(list: Item[]): string {
  const body = list
    .map(
      (it) => `<entry>
<title type="html">${xml(it.title)}</title>
<link rel="alternate" href="${xml(it.link)}"/>
<link rel="enclosure" href="${it.enclosure}" type="audio/mpeg" length="${1000 + it.n}"/>
<id>tag:bench.example.com,2024:${it.n}</id>
<published>${it.date.toISOString()}</published>
<updated>${it.date.toISOString()}</updated>
<author><name>${it.author}</name></author>
${it.categories.map((c) => `<category term="${c}"/>`).join('')}
<summary type="html">${xml(it.summary)}</summary>
<content type="html">${xml(it.content)}</content>
</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>Bench Atom</title><link href="https://bench.example.com/"/><link rel="self" href="https://bench.example.com/atom.xml"/>
<id>urn:bench</id><updated>2024-01-01T00:00:00Z</updated>
${body}
</feed>
`;
}

function rdf(list: Item[]): string {
  const body = list
    .map(
      (it) => `<item rdf:about="${xml(it.link)}">
<title>${xml(it.title)}</title>
<link>${xml(it.link)}</link>
<description>${xml(it.summary)}</description>
<content:encoded>${xml(it.content)}</content:encoded>
<dc:date>${it.date.toISOString()}</dc:date>
<dc:creator>${it.author}</dc:creator>
${it.categories.map((c) => `<dc:subject>${c}</dc:subject>`).join('')}
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="https://bench.example.com/"><title>Bench RDF</title><link>https://bench.example.com/</link><description>Benchmark feed</description></channel>
${body}
</rdf:RDF>
`;
}

function json(list: Item[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Bench JSON',
    home_page_url: 'https://bench.example.com/',
    feed_url: 'https://bench.example.com/feed.json',
    items: list.map((it) => ({
      id: `bench-${it.n}`,
      url: it.link,
      title: it.title,
      summary: it.summary,
      content_html: it.content,
      date_published: it.date.toISOString(),
      authors: [{ name: it.author }],
      tags: it.categories,
      attachments: [{ url: it.enclosure, mime_type: 'audio/mpeg', size_in_bytes: 1000 + it.n }],
    })),
  });
}

export function generate(format: BenchFormat, size: BenchSize): { text: string; items: number } {
  const list = items(SIZES[size]);
  const text =
    format === 'rss' ? rss(list) : format === 'atom' ? atom(list) : format === 'rdf' ? rdf(list) : json(list);
  return { text, items: list.length };
}
