// The testdata corpus: every document parses to its checked-in expected JSON (or fails with the
// expected ParseError code), and every output validates against the contract schema.
// Regenerate goldens after a deliberate change with UPDATE_FIXTURES=1, then review the diff.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ParseError } from './errors.ts';
import { parsedFeedSchema } from './model.ts';
import { parseFeed } from './parse/index.ts';

const root = new URL('../testdata/', import.meta.url).pathname;
const update = process.env.UPDATE_FIXTURES === '1';
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(parsedFeedSchema);

const documents = ['rss', 'rdf', 'atom', 'json', 'malformed'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => !f.endsWith('.expected.json') && !f.endsWith('.error'))
    .map((f) => join(dir, f)),
);

for (const doc of documents) {
  test(`corpus: ${doc}`, () => {
    const path = join(root, doc);
    const expectedPath = path + '.expected.json';
    const errorPath = path + '.error';
    let result: unknown;
    try {
      result = parseFeed(readFileSync(path));
    } catch (err) {
      assert.ok(err instanceof ParseError, `non-ParseError thrown: ${String(err)}`);
      assert.notEqual(err.code, 'internal', err.message);
      if (update && !existsSync(expectedPath)) writeFileSync(errorPath, err.code + '\n');
      assert.ok(
        existsSync(errorPath),
        `${doc} failed (${err.code}: ${err.message}) but has no .error fixture`,
      );
      assert.equal(err.code, readFileSync(errorPath, 'utf8').trim());
      return;
    }
    assert.ok(validate(result), JSON.stringify(validate.errors));
    if (update) writeFileSync(expectedPath, JSON.stringify(result, null, 2) + '\n');
    assert.ok(existsSync(expectedPath), `${doc} parsed but has no .expected.json fixture`);
    assert.deepEqual(result, JSON.parse(readFileSync(expectedPath, 'utf8')));
  });
}
