import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeHtml } from './sanitize.ts';

const base = 'https://ex.com/post/';
const clean = (html: string) => sanitizeHtml(html, base);

test('allowlisted markup survives; scripts, styles and handlers do not', () => {
  assert.equal(clean('<p class="x" onclick="e()">Hi <b>there</b></p>'), '<p>Hi <b>there</b></p>');
  assert.equal(clean('a<script>alert(1)</script>b<style>*{}</style>c'), 'abc');
  assert.equal(clean('<SCRIPT SRC=x></SCRIPT>ok'), 'ok');
  assert.equal(clean('<div><span style="x">t</span></div>'), '<div><span>t</span></div>');
  assert.equal(clean('<custom-el>kept text</custom-el>'), 'kept text');
  assert.equal(clean('<iframe src="https://yt"></iframe>after'), 'after');
  assert.equal(clean('<embed src="x.swf">after'), 'after');
});

test('URLs: resolved, dangerous schemes removed, entity/whitespace obfuscation seen through', () => {
  assert.equal(clean('<a href="../x?utm_source=a">l</a>'), '<a href="https://ex.com/x">l</a>');
  assert.equal(clean('<a href="javascript:alert(1)">l</a>'), '<a>l</a>');
  assert.equal(clean('<a href="jav&#x09;ascript:alert(1)">l</a>'), '<a>l</a>');
  assert.equal(clean('<a href="&#106;avascript:alert(1)">l</a>'), '<a>l</a>');
  assert.equal(clean('<a href=" vbscript:x">l</a>'), '<a>l</a>');
  assert.equal(clean('<img src="data:image/png;base64,AAAA">'), '');
  assert.equal(clean('<a href="#top">t</a>'), '<a href="#top">t</a>');
  assert.equal(clean('<a href="mailto:a@b.c">m</a>'), '<a href="mailto:a@b.c">m</a>');
  assert.equal(
    clean('<img src="a.png" srcset="a.png 1x, javascript:x 2x, b.png 3x" alt="A">'),
    '<img src="https://ex.com/post/a.png" srcset="https://ex.com/post/a.png 1x, https://ex.com/post/b.png 3x" alt="A" />',
  );
});

test('tracking pixels are removed', () => {
  assert.equal(clean('<img src="https://ex.com/p.gif" width="1" height="1">x'), 'x');
  assert.equal(clean('<img src="http://feeds.feedburner.com/~r/x/~4/y">x'), 'x');
  assert.equal(clean('<img src="https://pixel.wp.com/b.gif?v=1">x'), 'x');
  assert.equal(clean('<img alt="no source">x'), 'x');
});

test('attribute values are re-escaped; text is decoded and re-escaped canonically', () => {
  assert.equal(
    clean(`<a href="/a" title='say "hi" <b>'>t</a>`),
    '<a href="https://ex.com/a" title="say &quot;hi&quot; &lt;b&gt;">t</a>',
  );
  assert.equal(
    clean('Tom &amp; Jerry &eacute; &#233; & 1 < 2 > 0 &#60;'),
    'Tom &amp; Jerry é é &amp; 1 &lt; 2 > 0 &lt;',
  );
  assert.equal(
    clean('<a href="x" title="a"title="b" title="c">t</a>'),
    '<a href="https://ex.com/post/x" title="a">t</a>',
  );
});

test('structure is the HTML5 tree: unclosed elements closed, implied end tags, stray end tags', () => {
  assert.equal(clean('<p>one <em>two'), '<p>one <em>two</em></p>');
  // A stray </p> is an empty paragraph in HTML5; a stray </div> is nothing.
  assert.equal(clean('</p>text</div>'), '<p></p>text');
  assert.equal(clean('<ul><li>a<li>b</ul>'), '<ul><li>a</li><li>b</li></ul>');
  // `<p/>` is a start tag (the self-closing flag means nothing on a non-void HTML element).
  assert.equal(
    clean('<br/><hr><BR><p/><img src="i.png"/>'),
    '<br/><hr><br /><p><img src="https://ex.com/post/i.png" /></p>',
  );
});

test('comments, doctype and processing instructions vanish', () => {
  assert.equal(clean('a<!-- <script>x</script> -->b<!DOCTYPE html><?php echo 1 ?>c'), 'abc');
  assert.equal(clean('a<!-- unterminated'), 'a');
});

test('unclosed raw-text elements swallow the rest, as in HTML5', () => {
  assert.equal(clean('a<script>alert(1)'), 'a');
  // iframe content is raw text in HTML5: unclosed, it is the rest of the fragment.
  assert.equal(clean('a<iframe src=x>b'), 'a');
  assert.equal(clean('a<object data=x>b'), 'a');
});

test('a start tag cut off by the end of input is dropped, never copied raw', () => {
  for (const tail of ['<br', '<img src="a.png"', '<a href="x', '<p class=x ', '<b'])
    assert.equal(sanitizeHtml('<p>x</p>' + tail, undefined), '<p>x</p>', tail);
  // So the fragment embedded anywhere keeps the page's next tag intact.
  assert.equal(sanitizeHtml('x<br/', undefined), 'x');
});

test('comments end where HTML5 ends them: <!-->, <!--->, --!>', () => {
  assert.equal(clean('a<!-->b'), 'ab');
  assert.equal(clean('a<!--->b'), 'ab');
  assert.equal(clean('a<!-- x --!>b<!-- y -->c'), 'abc');
  assert.equal(clean('a<!-- x -- >still comment-->b'), 'ab');
});

test('dropped elements nest: the content of a nested <svg>/<object> never leaks', () => {
  // <b> breaks out of foreign content in HTML5: a browser shows it as HTML after the svg.
  assert.equal(clean('a<svg><svg></svg><b>leak</b></svg>b'), 'a<b>leak</b>b');
  assert.equal(clean('a<svg><svg></svg><g>hidden</g></svg>b'), 'ab');
  assert.equal(clean('a<object><object>x</object>leak</object>b'), 'ab');
  assert.equal(clean('a<svg><svg/><g>leak</g></svg>b'), 'ab');
  assert.equal(clean('a<SVG><svg></SVG>leak</svg>b'), 'ab');
  // Raw text does not nest: the first </script> ends it, as in browsers.
  assert.equal(clean('a<script><script></script>b'), 'ab');
});

test('benign presentation survives: table attributes and typographic inline CSS only', () => {
  assert.equal(
    clean('<table border="1" width="100%" onclick="x"><tr><td abbr="Q1" width="50">a</td></tr></table>'),
    '<table border="1" width="100%"><tbody><tr><td abbr="Q1" width="50">a</td></tr></tbody></table>',
  );
  assert.equal(
    clean('<p style="color: #c00; FONT-WEIGHT:bold;text-align:center !important; position:fixed">x</p>'),
    '<p style="color: #c00; font-weight: bold; text-align: center">x</p>',
  );
  assert.equal(
    clean('<span style="color: rgb(10, 20, 30)">x</span>'),
    '<span style="color: rgb(10, 20, 30)">x</span>',
  );
  for (const evil of [
    'background-color: url(https://t.example/x.png)',
    'color: expression(alert(1))',
    'color: re\\64',
    'color: red /* */',
    'font-size: 1e9px',
    'width: 100%',
  ])
    assert.equal(clean(`<span style="${evil}">x</span>`), '<span>x</span>', evil);
  assert.equal(clean('<table border="javascript:x">'), '<table></table>');
});

test('HTML5 regressions: comments, foreign content, unclosed drop elements, end tags, EOF', () => {
  assert.equal(clean('a<!-->b<p>c</p>'), 'ab<p>c</p>');
  assert.equal(clean('a<!-- x --!><b>kept</b>'), 'a<b>kept</b>');
  assert.equal(
    clean('<p>x<svg><math><mi>in</mi></math><foreignObject><p>deep</p></foreignObject></svg>y</p>'),
    '<p>xy</p>',
  );
  assert.equal(clean('a<math><mtext><b>m</b></mtext></math>b'), 'ab');
  assert.equal(clean('a<svg><p>out</p>'), 'a<p>out</p>');
  assert.equal(clean('a<svg><g>unclosed'), 'a');
  assert.equal(clean('a<object><p>unclosed'), 'a');
  assert.equal(clean('<b>x</i></b>y</b></span>'), '<b>x</b>y');
  assert.equal(clean('<b>1<i>2</b>3</i>'), '<b>1<i>2</i></b><i>3</i>');
  assert.equal(sanitizeHtml('<p>x</p><br', undefined), '<p>x</p>');
  assert.equal(clean('<pre>\n\nx</pre>'), '<pre>\n\nx</pre>');
  assert.equal(clean('<pre><font>\nx</font></pre>'), '<pre>\n\nx</pre>');
  assert.equal(clean('<p>a<marquee><p>b</p></marquee></p>'), '<p>a</p><p>b</p><p></p>');
  assert.equal(clean('<nav><li>a<li>b</nav>'), '<section><li>a</li><li>b</li></section>');
  assert.equal(clean('x\r\ny&#13;'), 'x\ny&#13;');
  assert.equal(clean('a\u0000b<b>\u0000</b>'), 'ab<b></b>');
  assert.equal(clean('&#0000000065; &notit; &amp'), 'A ¬it; &amp;');
});
