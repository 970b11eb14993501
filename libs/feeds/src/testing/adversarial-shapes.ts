// Hostile feed shapes for the adversarial benchmark (issue 13): each builds a document of about
// `bytes` characters whose size is dominated by one attacker-chosen pattern, the shapes that were
// super-linear in time or amplified memory.
const rss = (channel: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${channel}</channel></rss>`;
const item = (inner: string) => `<item><guid>g</guid>${inner}</item>`;
const fill = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
/** `n` distinct short tokens joined by `sep` and wrapped, about `bytes` long in total. */
const distinct = (bytes: number, wrap: (i: number) => string) => {
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += wrap(i);
  return out;
};

export const SHAPES: Record<string, (bytes: number) => string> = {
  /** One <author> of `a.a.a.…@` with no domain: the e-mail regex backtracked per start. */
  'author-email': (b) => rss(item(`<author>${fill('a.', b)}@</author>`)),
  /** One item with many distinct authors: de-duplication compared each with all kept. */
  'authors-dedup': (b) => rss(item(distinct(b, (i) => `<author>n${i}</author>`))),
  'categories-dedup': (b) => rss(item(distinct(b, (i) => `<category>c${i}</category>`))),
  'enclosures-dedup': (b) => rss(item(distinct(b, (i) => `<enclosure url="http://e/${i}"/>`))),
  /** Deep open elements, then stray end tags: each searched the whole open stack. */
  'sanitize-end-tags': (b) =>
    rss(item(`<description><![CDATA[${fill('<b>', b / 2)}${fill('</i>', b / 2)}]]></description>`)),
  /** Unclosed <svg>/<object>: each searched to the end for its end tag. */
  'sanitize-unclosed-svg': (b) =>
    rss(item(`<description><![CDATA[${fill('<svg><object>x', b)}]]></description>`)),
  /** A title of `<a<a<a…` with no `>`: tag stripping re-scanned to the end per `<`. */
  'title-tags': (b) => rss(item(`<title>${fill('&lt;a', b)}</title>`)),
  /** Empty items: memory per item, not per byte, dominated. */
  'empty-items': (b) => rss(fill('<item/>', b)),
  'json-empty-items': (b) =>
    `{"version":"https://jsonfeed.org/version/1.1","items":[${fill('{},', b).slice(0, -1)}]}`,
  /** A root declaring many prefixes, children declaring one more each: the scope was copied per child. */
  'namespace-scopes': (b) =>
    `<rss version="2.0" ${Array.from({ length: 1000 }, (_, i) => `xmlns:p${i}="u${i}"`).join(' ')}><channel>${distinct(b, (i) => `<x xmlns:q="v${i}"/>`)}</channel></rss>`,
};
