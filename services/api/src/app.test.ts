// The API's HTTP surface in-process with stubbed backends: what the spec and the validator decide
// (reserved characters in queries, the root, a missing body), without the local stack.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { listen } from '@tributary/http';
import type { RunningServer } from '@tributary/http';
import { createLogger } from '@tributary/log';
import { createApiApp } from './app.ts';
import { stubAppDeps } from './app-stubs.ts';
import type { ItemFilter, ItemStore } from './items/types.ts';

const filters: ItemFilter[] = [];
const feedNames: string[] = [];
const items: ItemStore = {
  list: async (filter) => (filters.push(filter), { items: [], nextCursor: null }),
  get: async () => null,
  exists: async () => true,
  feedStats: async () => new Map(),
  feedUidsByName: async (ns, name) => (feedNames.push(`${ns}/${name}`), ['uid-1']),
};
// Neo4j stand-in: no paths around any node.
const driver = { executeQuery: async () => ({ records: [] }) };

let server: RunningServer;
before(async () => {
  const deps = stubAppDeps({
    log: createLogger('api-app-test'),
    verifyToken: async () => ({ sub: 'u1', role: 'editor', email: 'e@example.org', jti: 'j', exp: 0 }),
    items,
    graph: { driver, database: 'neo4j', labels: { prefix: '', Item: 'Item' } },
  });
  server = await listen(createApiApp(deps).app, 0);
});
after(async () => server?.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.url + path, { headers: { authorization: 'Bearer t', ...headers }, redirect: 'manual' });

test('feed=namespace/name and entity=type:name need no percent-encoding', async () => {
  const r = await get('/api/v1/items?feed=demo/sample-rss');
  assert.equal(r.status, 200, await r.clone().text());
  assert.deepEqual(feedNames, ['demo/sample-rss']);
  assert.deepEqual(filters.at(-1)?.feedUids, ['uid-1']);
  const e = await get('/api/v1/items?entity=organization:acme');
  assert.equal(e.status, 200, await e.clone().text());
  assert.deepEqual(filters.at(-1)?.itemIds, [], 'no graph item mentions it');
});

test('neighborhood takes an item id with its ":" unencoded, like /items/{id}', async () => {
  const r = await get('/api/v1/graph/neighborhood?node=uid-1:item-key&depth=2');
  assert.equal(r.status, 200, await r.clone().text());
  assert.deepEqual(await r.json(), { nodes: [], edges: [], truncated: false });
});

test('GET / links to the docs (JSON) or serves a browser the web UI, whose modules are JS under /ui/', async () => {
  const json = await get('/');
  assert.equal(json.status, 200);
  assert.equal(((await json.json()) as { docs: string }).docs, '/docs/');
  const html = await get('/', { accept: 'text/html,*/*;q=0.8', 'accept-encoding': 'identity' });
  assert.equal(html.status, 200);
  const page = await html.text();
  assert.match(page, /<script type="module" src="\/ui\/main.ts">/);
  // The import map is the only inline script: the CSP allows it by its hash.
  const map = /<script type="importmap">(.*?)<\/script>/.exec(page)?.[1] ?? '';
  const hash = createHash('sha256').update(map).digest('base64');
  assert.ok(html.headers.get('content-security-policy')?.includes(`'sha256-${hash}'`));
  const main = await get('/ui/main.ts', { 'accept-encoding': 'gzip' });
  assert.equal(main.status, 200);
  assert.match(main.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.equal(main.headers.get('content-encoding'), 'gzip');
  assert.doesNotMatch(await main.text(), /: string\b/, 'types are stripped');
  const again = await get('/ui/main.ts', { 'if-none-match': main.headers.get('etag') ?? '' });
  assert.equal(again.status, 304);
  assert.equal((await get('/ui/vendor/cytoscape.mjs')).status, 200);
  assert.equal((await get('/ui/route.test.ts')).status, 404, 'tests are not served');
});

test('an import without a body is a 415 problem naming multipart/form-data and the file field', async () => {
  const r = await fetch(server.url + '/api/v1/feeds/import', {
    method: 'POST',
    headers: { authorization: 'Bearer t' },
  });
  assert.equal(r.status, 415);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = (await r.json()) as { detail: string };
  assert.match(body.detail, /multipart\/form-data \(fields: file\)/);
  assert.doesNotMatch(body.detail, /undefined/);
});
