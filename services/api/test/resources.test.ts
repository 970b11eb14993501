import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGraphDriver, graphLabels } from '@tributary/graph';
import { createObject, resources } from '@tributary/k8s';
import type { CronJob } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { cronJobName } from '@tributary/feed-api';
import { bootstrapAdmin, call, startTestApi, userWithRole } from './harness.ts';
import type { Session, TestApi } from './harness.ts';
import { loadGraph, loadStore, makeItem, upsertEvent } from './fixtures.ts';
import type { FixtureFeed } from './fixtures.ts';

let api: TestApi;
let admin: Session;
let editor: Session;
let viewer: Session;
const N = 60;
let feedA: FixtureFeed;
let feedB: FixtureFeed;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ItemV {
  id: string;
  title: string;
  published: string;
  language: string;
  feed: { uid: string; name: string | null };
  authors: { name: string }[];
  categories: string[];
  rank?: number;
}

before(async () => {
  api = await startTestApi();
  admin = await bootstrapAdmin(api);
  editor = await userWithRole(api, admin, 'editor', 'ed@example.org');
  viewer = await userWithRole(api, admin, 'viewer', 'vi@example.org');
  // Feed "alpha" exists in Kubernetes (its uid is what the pipeline would carry); "beta" only in the store.
  const created = await call<{ uid: string }>(api.url, 'POST', '/api/v1/feeds', {
    token: editor.accessToken,
    body: {
      namespace: api.namespace,
      name: 'alpha',
      spec: { url: 'https://alpha.example/feed.xml', interval: '15m', tags: ['tech'] },
    },
  });
  assert.equal(created.status, 201);
  feedA = {
    uid: created.body.uid,
    namespace: api.namespace,
    name: 'alpha',
    url: 'https://alpha.example/feed.xml',
    tags: ['tech'],
  };
  feedB = {
    uid: 'beta-uid-0001',
    namespace: api.namespace,
    name: 'beta',
    url: 'https://beta.example/feed.xml',
    tags: ['news'],
  };
  const events = [
    ...Array.from({ length: N }, (_, i) => upsertEvent(feedA, makeItem(feedA, i), i + 1)),
    ...Array.from({ length: 10 }, (_, i) => upsertEvent(feedB, makeItem(feedB, i), N + i + 1)),
  ];
  // A title hit and a content-only hit for the ranking check.
  const t = {
    ...makeItem(feedB, 100),
    title: 'Zeppelin special',
    key: 'z-title',
    link: 'https://beta.example/z1',
  };
  const c = {
    ...makeItem(feedB, 101),
    content: '<p>about a zeppelin</p>',
    key: 'z-content',
    link: 'https://beta.example/z2',
  };
  events.push(upsertEvent(feedB, t, 1000), upsertEvent(feedB, c, 1001));
  await loadStore(api.databaseUrl, events);
  const driver = createGraphDriver({
    url: api.stack.NEO4J_URL,
    database: 'neo4j',
    labels: graphLabels(api.stack.neo4jLabelPrefix),
  });
  try {
    await loadGraph(driver, 'neo4j', graphLabels(api.stack.neo4jLabelPrefix), events.slice(0, 5), [
      {
        feedUid: feedA.uid,
        itemKey: makeItem(feedA, 0).key,
        entities: [{ name: 'Acme Corp', type: 'organization', count: 3 }],
      },
      {
        feedUid: feedA.uid,
        itemKey: makeItem(feedA, 1).key,
        entities: [{ name: 'Acme Corp', type: 'organization', count: 1 }],
      },
      {
        feedUid: feedA.uid,
        itemKey: makeItem(feedA, 2).key,
        entities: [{ name: 'Berlin', type: 'place', count: 2 }],
      },
    ]);
  } finally {
    await driver.close();
  }
});
after(async () => api?.close());

const get = async <T>(path: string, token = viewer.accessToken, expected = 200) => {
  const r = await call<T>(api.url, 'GET', path, { token });
  assert.equal(r.status, expected, `${path}: ${JSON.stringify(r.body)}`);
  return r;
};

test('ops: health, ready with per-dependency latency, metrics by route template, openapi.json, docs', async () => {
  const h = await call(api.url, 'GET', '/health');
  assert.deepEqual(h.body, { status: 'ok' });
  const r = await call<{ status: string; checks: Record<string, { status: string; latencyMs: number }> }>(
    api.url,
    'GET',
    '/ready',
  );
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body.checks).sort(), ['kubernetes', 'nats', 'neo4j', 'postgres']);
  for (const c of Object.values(r.body.checks)) {
    assert.equal(c.status, 'up');
    assert.equal(typeof c.latencyMs, 'number');
  }
  await get('/api/v1/feeds/' + api.namespace + '/alpha');
  const m = await call<string>(api.url, 'GET', '/metrics');
  assert.match(
    m.body,
    /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/api\/v1\/feeds\/:namespace\/:name",status_code="200"\}/,
  );
  const spec = await call<{ openapi: string }>(api.url, 'GET', '/openapi.json');
  assert.equal(spec.body.openapi, '3.1.0');
  const docs = await call<string>(api.url, 'GET', '/docs/');
  assert.equal(docs.status, 200);
  assert.match(docs.body, /swagger-ui-bundle\.js/);
  const bundle = await fetch(api.url + '/docs/swagger-ui-bundle.js');
  assert.equal(bundle.status, 200);
  await bundle.body?.cancel();
  const jwks = await call<{ keys: { kid: string; d?: string }[] }>(api.url, 'GET', '/.well-known/jwks.json');
  assert.equal(jwks.body.keys[0]?.d, undefined);
});

test('GET / links for API clients, the web UI for browsers', async () => {
  const links = await call<{ docs: string; openapi: string; api: string }>(api.url, 'GET', '/');
  assert.equal(links.status, 200);
  assert.deepEqual(links.body, {
    name: 'Tributary API',
    docs: '/docs/',
    openapi: '/openapi.json',
    api: '/api/v1',
  });
  const browser = await call(api.url, 'GET', '/', {
    headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
  });
  assert.equal(browser.status, 200);
  assert.match(String(browser.body), /<title>Tributary<\/title>/);
});

test('feeds: get/list merge Kubernetes status with item counts; patch, 422 with pointers, 409, delete', async () => {
  const one = await get<{
    uid: string;
    items: { count: number; lastItemTime: string };
    spec: { url: string };
  }>(`/api/v1/feeds/${api.namespace}/alpha`);
  assert.equal(one.status, 200);
  assert.equal(one.body.items.count, N);
  assert.equal(one.body.items.lastItemTime, makeItem(feedA, N - 1).published);
  const list = await get<Page<{ name: string }>>(`/api/v1/feeds?namespace=${api.namespace}`);
  assert.deepEqual(
    list.body.items.map((f) => f.name),
    ['alpha'],
  );

  const patched = await call<{ spec: { interval?: string; schedule?: string; tags: string[] } }>(
    api.url,
    'PATCH',
    `/api/v1/feeds/${api.namespace}/alpha`,
    {
      token: editor.accessToken,
      body: { spec: { interval: null, schedule: '*/5 * * * *', tags: ['tech', 'ops'] } },
    },
  );
  assert.equal(patched.status, 200);
  assert.equal(patched.body.spec.interval, undefined);
  assert.equal(patched.body.spec.schedule, '*/5 * * * *');

  // The apiserver's CRD validation (CEL: schedule xor interval) comes back as 422 with a pointer.
  const invalid = await call<{ type: string; errors: { pointer: string }[] }>(
    api.url,
    'POST',
    '/api/v1/feeds',
    {
      token: editor.accessToken,
      body: {
        namespace: api.namespace,
        name: 'bad',
        spec: { url: 'ftp://x.example/feed', interval: '15m', schedule: '@hourly' },
      },
    },
  );
  assert.equal(invalid.status, 422);
  assert.equal(invalid.body.type, 'https://tributary.dev/problems/unprocessable');
  assert.ok(
    invalid.body.errors.some((e) => e.pointer.startsWith('/body/spec')),
    JSON.stringify(invalid.body),
  );

  const noNamespace = await call<{ detail: string }>(api.url, 'POST', '/api/v1/feeds', {
    token: editor.accessToken,
    body: {
      namespace: 'no-such-namespace',
      name: 'x',
      spec: { url: 'https://x.example/feed', interval: '1h' },
    },
  });
  assert.equal(noNamespace.status, 404);
  assert.match(noNamespace.body.detail, /namespace "no-such-namespace" does not exist/);

  const dup = await call(api.url, 'POST', '/api/v1/feeds', {
    token: editor.accessToken,
    body: {
      namespace: api.namespace,
      name: 'alpha',
      spec: { url: 'https://alpha.example/feed.xml', interval: '1h' },
    },
  });
  assert.equal(dup.status, 409);

  const tmp = await call(api.url, 'POST', '/api/v1/feeds', {
    token: editor.accessToken,
    body: { namespace: api.namespace, name: 'temp', spec: { url: 'https://t.example/feed', interval: '1h' } },
  });
  assert.equal(tmp.status, 201);
  assert.equal(tmp.headers.get('location'), `/api/v1/feeds/${api.namespace}/temp`);
  assert.equal(
    (await call(api.url, 'DELETE', `/api/v1/feeds/${api.namespace}/temp`, { token: editor.accessToken }))
      .status,
    204,
  );
  await get(`/api/v1/feeds/${api.namespace}/temp`, undefined, 404);
  assert.equal(
    (await call(api.url, 'DELETE', `/api/v1/feeds/${api.namespace}/temp`, { token: editor.accessToken }))
      .status,
    404,
  );
});

test('feeds: refresh creates a Job from the feed CronJob; 409 before the operator made one', async () => {
  const early = await call(api.url, 'POST', `/api/v1/feeds/${api.namespace}/alpha/refresh`, {
    token: editor.accessToken,
  });
  assert.equal(early.status, 409);
  // Stand in for the operator: the CronJob it would own.
  const cj: CronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: cronJobName('alpha'), namespace: api.namespace },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                { name: 'ingest', image: 'tributary', args: ['ingest', '--feed', `${api.namespace}/alpha`] },
              ],
            },
          },
        },
      },
    },
  };
  await createObject(api.kube, resources.cronJobs, cj);
  const r = await call<{ jobName: string }>(api.url, 'POST', `/api/v1/feeds/${api.namespace}/alpha/refresh`, {
    token: editor.accessToken,
  });
  assert.equal(r.status, 202);
  const job = await api.kube.get<{
    metadata: { annotations: Record<string, string> };
    spec: { template: { spec: { containers: { args: string[] }[] } } };
  }>(`/apis/batch/v1/namespaces/${api.namespace}/jobs/${r.body.jobName}`);
  assert.equal(job.metadata.annotations['cronjob.kubernetes.io/instantiate'], 'manual');
  assert.deepEqual(job.spec.template.spec.containers[0]?.args.slice(0, 3), [
    'ingest',
    '--feed',
    `${api.namespace}/alpha`,
  ]);
  assert.equal(
    (
      await call(api.url, 'POST', `/api/v1/feeds/${api.namespace}/nope/refresh`, {
        token: editor.accessToken,
      })
    ).status,
    404,
  );
});

test('feeds: OPML import reports per entry; export round-trips', async () => {
  const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
    <outline text="Tech"><outline text="Gamma Blog" xmlUrl="https://gamma.example/rss"/></outline>
    <outline text="Alpha again" xmlUrl="https://alpha.example/feed.xml"/>
    <outline text="Bad" xmlUrl="javascript:alert(1)"/>
  </body></opml>`;
  const form = new FormData();
  form.append('file', new Blob([opml], { type: 'text/x-opml' }), 'subs.opml');
  form.append('namespace', api.namespace);
  const res = await fetch(`${api.url}/api/v1/feeds/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${editor.accessToken}` },
    body: form,
  });
  const report = (await res.json()) as {
    namespace: string;
    created: number;
    results: { url: string; outcome: string; name?: string }[];
  };
  assert.equal(res.status, 200, JSON.stringify(report));
  assert.equal(report.namespace, api.namespace);
  assert.deepEqual(
    report.results.map((r) => [r.url, r.outcome]),
    [
      ['https://gamma.example/rss', 'created'],
      ['https://alpha.example/feed.xml', 'exists'],
      ['javascript:alert(1)', 'invalid'],
    ],
  );
  const gamma = await get<{ spec: { tags: string[]; interval: string } }>(
    `/api/v1/feeds/${api.namespace}/gamma-blog`,
  );
  assert.deepEqual(gamma.body.spec.tags, ['tech']);
  const exp = await call<string>(api.url, 'GET', `/api/v1/feeds/export?namespace=${api.namespace}`, {
    token: viewer.accessToken,
  });
  assert.equal(exp.status, 200);
  assert.match(exp.headers.get('content-type') ?? '', /text\/x-opml/);
  assert.match(exp.body, /xmlUrl="https:\/\/gamma\.example\/rss"/);
  assert.match(exp.body, /xmlUrl="https:\/\/alpha\.example\/feed\.xml"/);

  const notOpml = new FormData();
  notOpml.append('file', new Blob(['<rss/>']), 'x.xml');
  const bad = await fetch(`${api.url}/api/v1/feeds/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${editor.accessToken}` },
    body: notOpml,
  });
  assert.equal(bad.status, 400);
  await bad.body?.cancel();
});

test('items: newest first, cursor pagination covers everything once, filters', async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r: { body: Page<ItemV> } = await get<Page<ItemV>>(
      `/api/v1/items?limit=25${cursor ? `&cursor=${cursor}` : ''}`,
    );
    seen.push(...r.body.items.map((i) => i.id));
    const times = r.body.items.map((i) => i.published);
    assert.deepEqual(times, [...times].sort().reverse());
    cursor = r.body.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  assert.equal(seen.length, N + 12);
  assert.equal(new Set(seen).size, seen.length);

  const byFeed = await get<Page<ItemV>>(
    `/api/v1/items?feed=${encodeURIComponent(api.namespace + '/beta')}&limit=200`,
  );
  assert.equal(byFeed.body.items.length, 12);
  // The docs say namespace/name: the `/` (and an entity's `:`) need no encoding.
  const unencoded = await get<Page<ItemV>>(`/api/v1/items?feed=${api.namespace}/beta&limit=200`);
  assert.equal(unencoded.body.items.length, 12);
  const byUid = await get<Page<ItemV>>(`/api/v1/items?feed=${feedA.uid}&limit=200`);
  assert.equal(byUid.body.items.length, N);
  assert.equal(byUid.body.items[0]?.feed.name, 'alpha');
  const de = await get<Page<ItemV>>(`/api/v1/items?language=de&feed=${feedA.uid}&limit=200`);
  assert.equal(de.body.items.length, N / 2);
  const author = await get<Page<ItemV>>(`/api/v1/items?author=grace%20hopper&feed=${feedA.uid}&limit=200`);
  assert.equal(author.body.items.length, N / 4);
  assert.ok(author.body.items.every((i) => i.authors[0]?.name === 'Grace Hopper'));
  const cat = await get<Page<ItemV>>(`/api/v1/items?tag=science&feed=${feedA.uid}&limit=200`);
  assert.equal(cat.body.items.length, N / 4);
  const feedTag = await get<Page<ItemV>>(`/api/v1/items?tag=news&limit=200`);
  assert.equal(feedTag.body.items.length, 12);
  const window = await get<Page<ItemV>>(
    `/api/v1/items?since=${encodeURIComponent(makeItem(feedA, 10).published ?? '')}&until=${encodeURIComponent(makeItem(feedA, 20).published ?? '')}&feed=${feedA.uid}`,
  );
  assert.equal(window.body.items.length, 10);
  const entity = await get<Page<ItemV>>(
    `/api/v1/items?entity=${encodeURIComponent('organization:acme corp')}`,
  );
  assert.deepEqual(
    entity.body.items.map((i) => i.id).sort(),
    [0, 1].map((i) => `${feedA.uid}:${makeItem(feedA, i).key}`).sort(),
  );
  const entityRaw = await get<Page<ItemV>>(`/api/v1/items?entity=organization:acme%20corp`);
  assert.equal(entityRaw.body.items.length, 2);
  const bad = await get<{ errors: { pointer: string }[] }>(
    `/api/v1/items?cursor=bm90LWEtY3Vyc29y`,
    undefined,
    400,
  );
  assert.equal(bad.body.errors[0]?.pointer, '/query/cursor');
  const badDate = await get<{ errors: { pointer: string }[] }>(
    `/api/v1/items?since=yesterday`,
    undefined,
    400,
  );
  assert.equal(badDate.body.errors[0]?.pointer, '/query/since');
});

test('items: full-text search is ranked (title above content) and paginates', async () => {
  const z = await get<Page<ItemV>>(`/api/v1/items?q=zeppelin`);
  assert.deepEqual(
    z.body.items.map((i) => i.id),
    [`${feedB.uid}:z-title`, `${feedB.uid}:z-content`],
  );
  assert.ok((z.body.items[0]?.rank ?? 0) > (z.body.items[1]?.rank ?? 0));
  const k = await get<Page<ItemV>>(`/api/v1/items?q=kubernetes&limit=4`);
  assert.equal(k.body.items.length, 4);
  const k2 = await get<Page<ItemV>>(`/api/v1/items?q=kubernetes&limit=100&cursor=${k.body.nextCursor}`);
  const all = [...k.body.items, ...k2.body.items].map((i) => i.id);
  // feed A: items 0,10,…; feed B: item 0 and item 100 (whose content still says kubernetes).
  assert.equal(all.length, N / 10 + 2);
  assert.equal(new Set(all).size, all.length);
  const none = await get<Page<ItemV>>(`/api/v1/items?q=${encodeURIComponent('"no such phrase" -x')}`);
  assert.deepEqual(none.body.items, []);
});

test('items: one item with content; ETag and If-None-Match give 304', async () => {
  const id = `${feedA.uid}:${makeItem(feedA, 3).key}`;
  const r = await get<{ content: string; contentHash: string; categories: string[] }>(
    `/api/v1/items/${encodeURIComponent(id)}`,
  );
  assert.equal(r.status, 200);
  assert.match(r.body.content, /Body of/);
  assert.equal(r.body.contentHash, makeItem(feedA, 3).contentHash);
  const etag = r.headers.get('etag');
  assert.ok(etag);
  const again = await call(api.url, 'GET', `/api/v1/items/${encodeURIComponent(id)}`, {
    token: viewer.accessToken,
    headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
  });
  assert.equal(again.status, 304);
  const list = await get(`/api/v1/items?limit=5`);
  const l304 = await call(api.url, 'GET', `/api/v1/items?limit=5`, {
    token: viewer.accessToken,
    headers: { 'if-none-match': list.headers.get('etag') ?? '', 'cache-control': 'max-age=0' },
  });
  assert.equal(l304.status, 304);
  await get(`/api/v1/items/${encodeURIComponent(feedA.uid + ':nope')}`, undefined, 404);
});

test('graph: top entities, entity detail, related items, neighborhood', async () => {
  const top = await get<{ items: { id: string; items: number; mentions: number }[] }>(`/api/v1/entities`);
  assert.equal(top.body.items[0]?.id, 'organization:acme corp');
  assert.equal(top.body.items[0]?.items, 2);
  assert.equal(top.body.items[0]?.mentions, 4);
  const places = await get<{ items: { id: string }[] }>(`/api/v1/entities?type=place`);
  assert.deepEqual(
    places.body.items.map((e) => e.id),
    ['place:berlin'],
  );
  const detail = await get<{ name: string; items: { id: string; count: number }[] }>(
    `/api/v1/entities/${encodeURIComponent('organization:acme corp')}`,
  );
  assert.equal(detail.body.name, 'Acme Corp');
  assert.equal(detail.body.items.length, 2);
  await get(`/api/v1/entities/${encodeURIComponent('person:nobody')}`, undefined, 404);
  const id0 = `${feedA.uid}:${makeItem(feedA, 0).key}`;
  const related = await get<{ items: { id: string; sharedEntities: number }[] }>(
    `/api/v1/items/${encodeURIComponent(id0)}/related`,
  );
  assert.equal(related.status, 200);
  const r1 = related.body.items.find((i) => i.id === `${feedA.uid}:${makeItem(feedA, 1).key}`);
  assert.equal(r1?.sharedEntities, 1);
  const hood = await get<{
    nodes: { id: string; label: string }[];
    edges: { type: string }[];
    truncated: boolean;
  }>(`/api/v1/graph/neighborhood?node=${encodeURIComponent(id0)}&depth=1`);
  assert.ok(hood.body.nodes.some((n) => n.label === 'Entity' && n.id === 'organization:acme corp'));
  assert.ok(hood.body.edges.some((e) => e.type === 'MENTIONS'));
  assert.equal(hood.body.truncated, false);
  // The same id as /items/{id} takes, `:` unencoded; a cap below the paths sets `truncated`.
  const raw = await get<{ nodes: unknown[] }>(`/api/v1/graph/neighborhood?node=${id0}&depth=1`);
  assert.equal(raw.body.nodes.length, hood.body.nodes.length);
  const capped = await get<{ nodes: unknown[]; truncated: boolean }>(
    `/api/v1/graph/neighborhood?node=${encodeURIComponent(id0)}&depth=2&limit=1`,
  );
  assert.equal(capped.body.truncated, true);
  assert.ok(capped.body.nodes.length < hood.body.nodes.length);
  await get(`/api/v1/graph/neighborhood?node=${encodeURIComponent(feedA.uid + ':nope')}`, undefined, 404);
  await get(`/api/v1/graph/neighborhood?node=x&depth=3`, undefined, 400);
});

test('feeds survive a Kubernetes object without status (fresh Feed)', async () => {
  const f = await api.kube.get<Feed>(`/apis/tributary.dev/v1alpha1/namespaces/${api.namespace}/feeds/alpha`);
  assert.equal(f.metadata.name, 'alpha');
  const r = await get<{ status: Record<string, unknown> }>(`/api/v1/feeds/${api.namespace}/alpha`);
  assert.deepEqual(r.body.status, f.status ?? {});
});

test('malformed multipart bodies are 400, not 500', async () => {
  const boundary = 'xyz';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="\u0094\u009e"\r\n\r\n3711\r\n--${boundary}--\r\n`;
  const r = await call(api.url, 'POST', '/api/v1/feeds/import', {
    token: editor.accessToken,
    raw: body.replace('Content-Disposition', 'Content-Disposition\u0001'),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  const noFile = new FormData();
  noFile.append('namespace', api.namespace);
  const r2 = await fetch(`${api.url}/api/v1/feeds/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${editor.accessToken}` },
    body: noFile,
  });
  assert.equal(r2.status, 400);
  await r2.body?.cancel();
});

test('an import without any body says what to send (not "unsupported media type undefined")', async () => {
  const r = await call<{ type: string; detail: string }>(api.url, 'POST', '/api/v1/feeds/import', {
    token: editor.accessToken,
  });
  assert.equal(r.status, 415);
  assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  assert.equal(r.body.type, 'https://tributary.dev/problems/unsupported-media-type');
  assert.match(r.body.detail, /multipart\/form-data \(fields: file\)/);
  assert.doesNotMatch(r.body.detail, /undefined/);
  const json = await call<{ detail: string }>(api.url, 'POST', '/api/v1/feeds/import', {
    token: editor.accessToken,
    body: { file: 'x' },
  });
  assert.equal(json.status, 415);
  assert.match(json.body.detail, /Content-Type was "application\/json"/);
});
