// Hostile documents (issue 13, denial of service): every shape's scanning work grows linearly with
// its size (counted structurally by meterScans, never timed), and the size limits refuse
// amplifying documents with `too-large`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '../errors.ts';
import {
  MAX_HTML_FIELD_CHARS,
  MAX_ITEMS,
  MAX_NAMESPACE_DECLARATIONS,
  MAX_NODES,
  MAX_TEXT_FIELD_CHARS,
} from '../limits.ts';
import { SHAPES } from '../testing/adversarial-shapes.ts';
import { meterScans } from '../testing/scan-meter.ts';
import { parseFeed } from './index.ts';

const parseOrRefuse = (doc: string) => {
  try {
    return parseFeed(doc);
  } catch (err) {
    if (err instanceof ParseError && err.code === 'too-large') return null;
    throw err;
  }
};

for (const [shape, build] of Object.entries(SHAPES)) {
  test(`${shape}: scanning work grows linearly with the document`, () => {
    const small = build(4_000);
    const large = build(32_000);
    const ratio = meterScans(() => parseOrRefuse(large)) / meterScans(() => parseOrRefuse(small));
    const linear = large.length / small.length;
    assert.ok(ratio < linear * 1.5, `work grew ${ratio.toFixed(1)}× for ${linear.toFixed(1)}× the input`);
  });
}

const tooLarge = (fn: () => unknown, message: RegExp) =>
  assert.throws(
    fn,
    (err) => err instanceof ParseError && err.code === 'too-large' && message.test(err.message),
  );

test('more items than MAX_ITEMS is too-large, in XML and in JSON', () => {
  tooLarge(
    () => parseFeed(`<rss version="2.0"><channel>${'<item/>'.repeat(MAX_ITEMS + 1)}</channel></rss>`),
    /items/,
  );
  const json = `{"version":"https://jsonfeed.org/version/1.1","items":[${'{"id":"x"},'.repeat(MAX_ITEMS)}{}]}`;
  tooLarge(() => parseFeed(json), /items/);
  assert.equal(
    parseFeed(`<rss version="2.0"><channel>${'<item/>'.repeat(100)}</channel></rss>`).items.length,
    100,
  );
});

test('more nodes than MAX_NODES is too-large before they are built', () => {
  tooLarge(
    () => parseFeed(`<rss version="2.0"><channel>${'<x/>'.repeat(MAX_NODES + 1)}</channel></rss>`),
    /elements/,
  );
  tooLarge(
    () =>
      parseFeed(
        `{"version":"https://jsonfeed.org/version/1.1","x":[${'[],'.repeat(MAX_NODES)}[]],"items":[]}`,
      ),
    /JSON/,
  );
  // Brackets inside strings are text, not nodes.
  const json = `{"version":"https://jsonfeed.org/version/1.1","description":"${'{['.repeat(MAX_NODES)}","items":[]}`;
  assert.equal(parseFeed(json).feed.description.length, 2 * MAX_NODES);
});

test('more namespace declarations than MAX_NAMESPACE_DECLARATIONS is too-large', () => {
  const decls = (n: number) => Array.from({ length: n }, (_, i) => `xmlns:p${i}="u${i}"`).join(' ');
  tooLarge(
    () => parseFeed(`<rss version="2.0" ${decls(MAX_NAMESPACE_DECLARATIONS + 1)}><channel/></rss>`),
    /namespace/,
  );
  assert.equal(parseFeed(`<rss version="2.0" ${decls(50)}><channel/></rss>`).items.length, 0);
});

test('a field over its limit is too-large, naming the field', () => {
  const title = 'x'.repeat(MAX_TEXT_FIELD_CHARS + 1);
  tooLarge(
    () => parseFeed(`<rss version="2.0"><channel><item><title>${title}</title></item></channel></rss>`),
    /items\[0\]\.title/,
  );
  const category = `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"a","tags":["${title}"]}]}`;
  tooLarge(() => parseFeed(category), /items\[0\]\.categories\[0\]/);
  const html = 'y'.repeat(MAX_HTML_FIELD_CHARS + 1);
  tooLarge(
    () =>
      parseFeed(
        `<rss version="2.0"><channel><item><description>${html}</description></item></channel></rss>`,
      ),
    /description/,
  );
  tooLarge(
    () =>
      parseFeed(
        `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div><b/>${html}</div></content></entry></feed>`,
      ),
    /markup/,
  );
  const ok = 'x'.repeat(MAX_TEXT_FIELD_CHARS);
  assert.equal(
    parseFeed(`<rss version="2.0"><channel><item><title>${ok}</title></item></channel></rss>`).items[0]
      ?.title,
    ok,
  );
});

test('hostile shapes still parse to the right values', () => {
  const author = parseFeed(SHAPES['author-email']?.(2_000) ?? '').items[0]?.authors[0];
  assert.equal(author?.email, '');
  assert.match(author?.name ?? '', /^(a\.)+@$/);
  assert.equal(parseFeed(SHAPES['authors-dedup']?.(2_000) ?? '').items[0]?.authors[5]?.name, 'n5');
  assert.equal(parseFeed(SHAPES['categories-dedup']?.(2_000) ?? '').items[0]?.categories[7], 'c7');
  const svg = parseFeed(SHAPES['sanitize-unclosed-svg']?.(2_000) ?? '').items[0]?.summary ?? '';
  // Everything is inside the unclosed svg (HTML5); past the depth cap the field is kept as its text.
  assert.match(svg, /^(?:x ?)*$/);
  const title = parseFeed(SHAPES['title-tags']?.(2_000) ?? '').items[0]?.title ?? '';
  assert.match(title, /^(<a)+$/);
});
