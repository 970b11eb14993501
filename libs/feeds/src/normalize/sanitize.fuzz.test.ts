// Property-based checks of the sanitizer on hostile HTML assembled from attack fragments: no tag
// in the output is outside the allowlist or carries a handler, style or script URL, and
// sanitizing is idempotent (a second pass changes nothing).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sanitizeHtml } from './sanitize.ts';

const FRAGMENTS = [
  '<script>alert(1)</script>',
  '<SCRIPT>',
  '</script>',
  '<style>',
  '</style>',
  '<iframe src=x>',
  '</iframe>',
  '<svg onload=alert(1)>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<a href="jav&#x09;ascript:x">',
  '<a href=" JaVaScRiPt:x">',
  '<a href="data:text/html,x">',
  '<a href="/ok?utm_source=x">',
  '<p style="x">',
  '<p style="color:red;background:url(javascript:x)">',
  '<span style="width:expression(alert(1)); font-weight: bold">',
  '<b style="color: red; position: fixed; top: 0">',
  '<i style="color:\\75rl(x)">',
  '<td style="background-color: rgb(1, 2, 3) /* c */">',
  '<div onclick="x">',
  '<!--',
  '-->',
  '<!DOCTYPE html>',
  '<![CDATA[',
  ']]>',
  '<?php ?>',
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x110000;',
  '&nbsp;',
  '"',
  "'",
  '=',
  ' ',
  '/',
  '<p>',
  '</p>',
  '<b>',
  '</b>',
  '<br/>',
  '<img src="a.png" width=1 height=1>',
  '<object>',
  '<embed src=x>',
  '<math>',
  '<form><input></form>',
  '<textarea>',
  '<noscript>',
  '<a title="a"title="b">',
  '<img srcset="x 1x, javascript:y 2x">',
  '<td colspan=2 onmouseover=x>',
  'text',
  'é',
  '\u0000',
  '<base href="http://evil/">',
  '<meta http-equiv=refresh>',
  '<link rel=import>',
];

const FORBIDDEN_TAG =
  /^<\/?(?:script|style|iframe|svg|math|object|embed|form|input|textarea|base|meta|link|noscript|template)\b/i;
const FORBIDDEN_ATTR = /\s(?:on[a-z]+|class|id|formaction|xmlns)\s*=|(?:javascript|vbscript|data):/i;
/** A kept style holds only typographic declarations, never a function other than a colour. */
const STYLE = /\sstyle="([^"]*)"/g;
const SAFE_DECLARATION =
  /^(?:color|background-color|font-weight|font-style|font-size|text-align|text-decoration|vertical-align|white-space): (?:[#\w.% -]+|(?:rgba?|hsla?)\([\d.,%/ deg]+\))$/;

const html = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), { maxLength: 60 })
  .map((p) => p.join(''));

test('sanitized output holds no forbidden element, handler or script URL', () => {
  fc.assert(
    fc.property(html, (input) => {
      const out = sanitizeHtml(input, 'https://base.example/');
      for (const tag of out.match(/<[^>]*>/g) ?? []) {
        assert.ok(!FORBIDDEN_TAG.test(tag), `forbidden tag ${tag} in ${out}`);
        assert.ok(!FORBIDDEN_ATTR.test(tag), `forbidden attribute in ${tag}`);
        for (const [, style = ''] of tag.matchAll(STYLE))
          for (const d of style.split('; ')) assert.match(d, SAFE_DECLARATION, `unsafe style in ${tag}`);
      }
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
  );
});

test('sanitizing is idempotent', () => {
  fc.assert(
    fc.property(html, (input) => {
      const once = sanitizeHtml(input, 'https://base.example/');
      assert.equal(sanitizeHtml(once, 'https://base.example/'), once);
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
  );
});
