// Property-based fuzzing (fast-check): whatever the input, parseFeed returns a result or throws a
// ParseError with an input-related code, and never hangs. Inputs are bounded in size; each case is
// timed against a generous hang bound (not a performance assertion).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ParseError } from '../errors.ts';
import { parseOpml } from '../opml/import.ts';
import { parseFeed } from './index.ts';

const HANG_BOUND_MS = 2_000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const testdata = new URL('../../testdata/', import.meta.url).pathname;
const corpus = ['rss', 'rdf', 'atom', 'json', 'malformed'].flatMap((dir) =>
  readdirSync(join(testdata, dir))
    .filter((f) => !f.endsWith('.expected.json') && !f.endsWith('.error'))
    .map((f) => readFileSync(join(testdata, dir, f), 'latin1')),
);

/** Fragments that stress the tokenizer, entity decoder, sanitizer and format detection. */
const FRAGMENTS = [
  '<',
  '>',
  '&',
  ';',
  '"',
  "'",
  '/',
  '=',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x [<!ENTITY a "&a;&a;">]>',
  '&a;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  '&amp',
  '&nbsp;',
  '<item>',
  '</item>',
  '<entry>',
  '</entry>',
  '<channel>',
  '<rss version="2.0">',
  '<feed xmlns="http://www.w3.org/2005/Atom">',
  '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
  'xml:base="::bad::"',
  'xml:base="http://[::1"',
  '<link href="javascript:x"/>',
  '<content type="xhtml"><div>',
  '<script>',
  '</script>',
  '<a href=',
  '<img src=x ',
  '<pubDate>Mon, 31 Feb 99999 99:99 XYZ</pubDate>',
  '{',
  '}',
  '[',
  ']',
  '"items":',
  '"version":"https://jsonfeed.org/version/1.1"',
  '\u0000',
  '\uFEFF',
  '\uD800',
  'é',
  '\r\n',
  '<a:b:c>',
  'xmlns:=""',
  '<guid>x</guid>',
];

function check(input: string | Uint8Array): void {
  const started = performance.now();
  try {
    const out = parseFeed(input, { url: 'https://fuzz.example.com/feed' });
    assert.ok(Array.isArray(out.items));
    JSON.stringify(out);
  } catch (err) {
    if (!(err instanceof ParseError)) throw new Error(`threw ${String(err)}`, { cause: err });
    if (err.code === 'internal') throw new Error(`internal parser error: ${err.message}`, { cause: err });
  }
  const elapsed = performance.now() - started;
  assert.ok(elapsed < HANG_BOUND_MS, `case took ${elapsed.toFixed(0)} ms`);
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...FRAGMENTS) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('random' as const),
    at: fc.nat(),
    text: fc.string({ maxLength: 16, unit: 'binary' }),
  }),
);

interface Op {
  kind: string;
  at: number;
  text?: string;
  len?: number;
}

function mutate(doc: string, ops: Op[]): string {
  let s = doc;
  for (const op of ops) {
    const at = s.length === 0 ? 0 : op.at % (s.length + 1);
    if (op.kind === 'delete') s = s.slice(0, at) + s.slice(at + (op.len ?? 1));
    else if (op.kind === 'truncate') s = s.slice(0, at);
    else s = s.slice(0, at) + (op.text ?? '') + s.slice(at);
  }
  return s;
}

test('fuzz: mutated corpus documents only ever yield a result or a ParseError', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...corpus),
      fc.array(mutation, { minLength: 1, maxLength: 12 }),
      (doc, ops) => {
        check(mutate(doc, ops));
      },
    ),
    { numRuns: RUNS },
  );
});

test('fuzz: documents assembled from feed fragments', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 200 }),
      (parts) => {
        check(parts.join(''));
      },
    ),
    { numRuns: RUNS },
  );
});

test('fuzz: arbitrary strings and bytes', () => {
  fc.assert(fc.property(fc.string({ maxLength: 2_000, unit: 'binary' }), check), { numRuns: RUNS });
  fc.assert(fc.property(fc.uint8Array({ maxLength: 2_000 }), check), { numRuns: RUNS });
});

test('pathological but bounded inputs finish: deep nesting, many attributes, huge entity runs', () => {
  assert.throws(
    () => parseFeed('<rss>' + '<a>'.repeat(100_000)),
    (e) => e instanceof ParseError && e.code === 'too-large',
  );
  check(
    '<rss version="2.0"><channel><item><title ' +
      'a="1" '.repeat(50_000) +
      '>x</title></item></channel></rss>',
  );
  check('<rss version="2.0"><channel><title>' + '&amp;'.repeat(200_000) + '</title></channel></rss>');
  check(
    '<rss version="2.0"><channel><item><description>' +
      '&lt;b&gt;'.repeat(100_000) +
      '</description></item></channel></rss>',
  );
  check('<rss version="2.0"><channel>' + '<item><guid>same</guid></item>'.repeat(5_000) + '</channel></rss>');
});

test('fuzz: mutated OPML only ever yields a document or a ParseError', () => {
  const opml = readFileSync(join(testdata, 'opml', 'subscriptions.opml'), 'utf8');
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 12 }), (ops) => {
      try {
        const doc = parseOpml(mutate(opml, ops));
        assert.ok(Array.isArray(doc.feeds));
      } catch (err) {
        if (!(err instanceof ParseError)) throw new Error(`threw ${String(err)}`, { cause: err });
      }
    }),
    { numRuns: RUNS },
  );
});
