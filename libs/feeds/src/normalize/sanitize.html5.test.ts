// HTML5 round trip of the sanitizer on fuzzed input: the output re-parses (parse5, in a <div>
// context, as a reader's browser parses it) to exactly the tree the sanitizer kept, that tree
// holds nothing executable, and the fast path writes the same tree as parse5's path. Plus the
// caps: tree size and stack work grow linearly with hostile input (counted, not timed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { defaultTreeAdapter, html as HTML5, parseFragment } from 'parse5';
import type { DefaultTreeAdapterTypes } from 'parse5';
import {
  escapeAttr,
  htmlStats,
  MAX_HTML_DEPTH,
  sanitizeHtml,
  sanitizeToModel,
  serializeModel,
} from './sanitize.ts';
import type { ModelNode } from './sanitize.ts';

const CONTEXT = defaultTreeAdapter.createElement('div', HTML5.NS.HTML, []);
const BASE = 'https://base.example/';

/** parse5's tree of `html` in the model's shape (comments and foreign elements marked, to fail). */
function reparse(html: string): ModelNode[] {
  const convert = (nodes: DefaultTreeAdapterTypes.ChildNode[]): ModelNode[] => {
    const out: ModelNode[] = [];
    for (const node of nodes) {
      if (node.nodeName === '#text') out.push((node as DefaultTreeAdapterTypes.TextNode).value);
      else if (node.nodeName === '#comment') out.push({ name: '#comment', attrs: '', children: [] });
      else if ('tagName' in node) {
        const el = node as DefaultTreeAdapterTypes.Element;
        out.push({
          name: el.namespaceURI === HTML5.NS.HTML ? el.tagName : `${el.namespaceURI}:${el.tagName}`,
          attrs: el.attrs.map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join(''),
          children: convert(el.childNodes),
        });
      }
    }
    return out;
  };
  return convert(parseFragment(CONTEXT, html, {}).childNodes);
}

const FRAGMENTS = [
  '<!-->',
  '<!--->',
  '<!--',
  '-->',
  '--!>',
  '<!-- c -->',
  '<!DOCTYPE html>',
  '<![CDATA[x]]>',
  '<?x?>',
  '<svg>',
  '</svg>',
  '<svg/>',
  '<math>',
  '</math>',
  '<mi>',
  '<mtext>',
  '<foreignObject>',
  '<desc>',
  '<annotation-xml encoding="text/html">',
  '<g>',
  '<title>',
  '</title>',
  '<style>',
  '</style>',
  '<script>',
  '</script>',
  '<script><!--',
  '<object>',
  '</object>',
  '<iframe srcdoc="<script>x</script>">',
  '</iframe>',
  '<embed src=x>',
  '<noscript>',
  '</noscript>',
  '<template>',
  '</template>',
  '<textarea>',
  '<select>',
  '<option>',
  '<form>',
  '</form>',
  '<button>',
  '<marquee>',
  '</marquee>',
  '<nav>',
  '<main>',
  '<table>',
  '</table>',
  '<tr>',
  '<td>',
  '</td>',
  '<th>',
  '<caption>',
  '<tbody>',
  '<col>',
  '<colgroup>',
  '<p>',
  '</p>',
  '<p/>',
  '<div>',
  '</div>',
  '<li>',
  '</li>',
  '<ul>',
  '</ul>',
  '<ol>',
  '<dl>',
  '<dd>',
  '<dt>',
  '<h1>',
  '<h2>',
  '</h1>',
  '<pre>',
  '</pre>',
  '<pre>\n',
  '<listing>',
  '\n',
  '<a href="/x">',
  '</a>',
  '<a href="javascript:alert(1)">',
  '<a href=" jav&#x09;ascript:x">',
  '<a href="data:text/html,x">',
  '<img src=x onerror=alert(1)>',
  '<img src="/i.png">',
  '<img src="https://pixel.wp.com/x.gif">',
  '<img srcset="x 1x, javascript:y 2x">',
  '<image src="/i.png">',
  '<b>',
  '</b>',
  '<i>',
  '</i>',
  '<em>',
  '</em>',
  '<font color=red>',
  '</font>',
  '<nobr>',
  '<span style="color: red; position: fixed">',
  '</span>',
  '<q cite="vbscript:x">',
  '<div onclick="x" title="t">',
  '<custom-el>',
  '</custom-el>',
  '<o:p>',
  '<br>',
  '</br>',
  '<br/>',
  '<hr>',
  '<wbr>',
  '<ruby>',
  '<rt>',
  '<rp>',
  '<details>',
  '<summary>',
  '<blockquote>',
  '<center>',
  '<section>',
  '</section>',
  '<video src="/v.mp4" poster="javascript:x">',
  '<source src=/s>',
  '<',
  '>',
  '</',
  '</>',
  '</ x>',
  '&',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#13;',
  '&#x110000;',
  '&nbsp;',
  '&notit;',
  '"',
  "'",
  '=',
  ' ',
  '/',
  'text',
  'é',
  '\u0000',
  '\r\n',
  '\r',
  '<base href="http://evil/">',
  '<meta x>',
  '<link rel=import>',
  '<input>',
  '<frameset>',
  '<body onload=x>',
  '<html>',
  '<head>',
  '<plaintext>',
  '<xmp>',
];
const html = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 5 })), { maxLength: 40 })
  .map((p) => p.join(''));
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const FORBIDDEN_ELEMENTS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'frame', 'frameset']);
const SCRIPT_URL = /(?:javascript|vbscript|data):/i;

function assertInert(nodes: ModelNode[]): void {
  for (const node of nodes) {
    if (typeof node === 'string') continue;
    assert.ok(!node.name.includes(':') && !node.name.startsWith('#'), `foreign node ${node.name}`);
    assert.ok(!FORBIDDEN_ELEMENTS.has(node.name), `forbidden element ${node.name}`);
    assert.ok(!/\s(?:on[a-z]*|srcdoc|formaction|xmlns[^=]*)=/i.test(node.attrs), `attribute ${node.attrs}`);
    for (const m of node.attrs.matchAll(/\s(href|src|srcset|cite|poster)="([^"]*)"/g))
      assert.ok(!SCRIPT_URL.test((m[2] as string).replace(/&amp;/g, '&')), `URL ${m[0]}`);
    assertInert(node.children);
  }
}

test('the output re-parses (HTML5) to the kept tree, and that tree holds nothing executable', () => {
  fc.assert(
    fc.property(html, (input) => {
      const model = sanitizeToModel(input.replace(/\r\n?/g, '\n'), BASE);
      const out = serializeModel(model);
      assert.deepEqual(reparse(out), model, `output ${JSON.stringify(out)}`);
      assertInert(model);
    }),
    { numRuns: RUNS },
  );
});

test('sanitizeHtml (fast path where it applies) writes the tree parse5 builds, and is idempotent', () => {
  fc.assert(
    fc.property(html, (input) => {
      const out = sanitizeHtml(input, BASE);
      const model = sanitizeToModel(input.replace(/\r\n?/g, '\n'), BASE);
      assert.deepEqual(reparse(out), model, `output ${JSON.stringify(out)}`);
      assert.equal(sanitizeHtml(out, BASE), out);
    }),
    { numRuns: RUNS },
  );
});

test('the fast path agrees with parse5 on clean feed-like markup', () => {
  const piece = fc.constantFrom(
    '<p>',
    '</p>',
    '<b>',
    '</b>',
    '<em>',
    '</em>',
    '<a href="/p?utm_source=x">',
    '</a>',
    'word ',
    '&amp; ',
    '&mdash;',
    '<br>',
    '<img src="/i.jpg" alt="x">',
    '<ul><li>a</li><li>b</li></ul>',
    '<!-- wp:p -->',
    '<script>t()</script>',
    '<pre><code>x\ny</code></pre>',
    '<blockquote>q</blockquote>',
    '<span>',
    '</span>',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
      const input = parts.join('');
      assert.deepEqual(reparse(sanitizeHtml(input, BASE)), sanitizeToModel(input, BASE), input);
    }),
    { numRuns: RUNS },
  );
});

/** Hostile shapes of issue 13 class 1, at size k. */
const SHAPES: Record<string, (k: number) => string> = {
  'unmatched end tags under deep nesting': (k) => '<b>'.repeat(200) + '</i>'.repeat(k),
  'unclosed svg': (k) => '<svg>'.repeat(k) + 'x',
  'unclosed object': (k) => '<object>'.repeat(k) + 'x',
  'formatting reconstruction': (k) => '<b a=1><i a=2><u a=3>'.repeat(20) + '</p><p>x'.repeat(k),
  'nested misnested formatting': (k) => '<a href=x><b><p>'.repeat(k),
  'stray p end tags': (k) => '</p>'.repeat(k),
  comments: (k) => '<!--x--!>'.repeat(k),
};

test('caps: tree nodes, stack depth and stack operations grow at most linearly (counted)', () => {
  for (const [shape, make] of Object.entries(SHAPES)) {
    const per: number[] = [];
    for (const k of [500, 1000, 2000, 4000]) {
      const input = make(k);
      const out = sanitizeHtml(input, BASE);
      const model = sanitizeToModel(input, BASE);
      assert.ok(htmlStats.maxDepth <= MAX_HTML_DEPTH, shape);
      assert.ok(out.length <= 8 * input.length + 100, `${shape}: output ${out.length} for ${input.length}`);
      assert.ok(model.length <= input.length, shape);
      per.push((htmlStats.nodes + htmlStats.stackOps + out.length) / input.length);
    }
    // Work per input character stays flat as the input doubles (a quadratic shape would double it).
    const [first = 0, , , last = 0] = per;
    assert.ok(last <= first * 1.25 + 1, `${shape}: ${per.map((x) => x.toFixed(2)).join(' → ')} per char`);
  }
});
