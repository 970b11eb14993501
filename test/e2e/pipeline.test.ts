// End to end on real servers: 50 Feeds × 100 items applied with kubectl; operator → CronJobs →
// each CronJob's ingest command (`tributary ingest`, run as the Job's pod would run it) → JetStream →
// store/graph/enrich workers → Postgres + Neo4j. Every role is a real child process of
// bin/tributary.js (the kubelet path is test/e2e/cluster.test.ts's). The suite owns its NATS server (so it can
// restart it), its database, namespace and Neo4j label prefix. Steps run in order and build on each
// other: exact counts → one upstream edit per feed for 10 feeds → re-run everything → poison message
// → faults during a second ingestion wave (kill -9 workers, NATS restart) → replay into empty stores.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Driver } from 'neo4j-driver';
import pg from 'pg';
import { DLQ_HEADERS, subjects, topologyNames } from '@tributary/events';
import { FIXTURE_FORMATS, startFixtureServer } from '@tributary/fixture-server';
import type { FixtureServer } from '@tributary/fixture-server';
import { countGraph, createGraphDriver, graphConfigFromEnv, graphLabels } from '@tributary/graph';
import type { GraphCounts } from '@tributary/graph';
import { KubeClient, getObject, listAll, resources } from '@tributary/k8s';
import { feedResource } from '@tributary/feed-api';
import type { CronJob } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { applyFeedCrd } from '@tributary/operator';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { ownNatsServer, runTributary, tributaryProc, waitFor } from './harness.ts';
import type { Proc } from './harness.ts';

const FEEDS = 50;
const ITEMS = 100;
const EDITED_FEEDS = 10;
const ADDED_PER_FEED = 20;
/** Bounded waits: generous for a loaded 2-core box, each failure prints the pipeline's counts. */
const INGEST_TIMEOUT_MS = 240_000;

let env: StackEnv;
let dir: string;
let nats: { proc: Proc; url: string };
let natsPrefix: string;
let labelPrefix: string;
let ns: string;
let dbUrl: string;
let baseEnv: Record<string, string>;
let kube: KubeClient;
let fixture: FixtureServer;
let db: pg.Client;
let driver: Driver;
let nc: NatsConnection;
let jsm: JetStreamManager;
const procs: Record<string, Proc> = {};
/** When the upstream edits began: `replay --since` from here sees only what came later. */
let editsStartedAt: Date;

const feedName = (i: number) => `feed-${i}`;

async function pgItems(client = db): Promise<number> {
  const r = await client.query<{ n: string }>('select count(*) as n from items');
  return Number(r.rows[0]?.n);
}
const graph = (prefix = labelPrefix): Promise<GraphCounts> =>
  countGraph(driver, 'neo4j', graphLabels(prefix));

async function streamMessages(stream: 'ITEMS' | 'FEEDS' | 'DLQ' | 'ENRICHED'): Promise<number> {
  return (await jsm.streams.info(topologyNames(natsPrefix).streams[stream])).state.messages;
}

/** Every consumer of ITEMS/ENRICHED/FEEDS has nothing pending and nothing unacknowledged. */
async function drained(): Promise<boolean> {
  const names = topologyNames(natsPrefix).streams;
  for (const s of [names.ITEMS, names.ENRICHED, names.FEEDS]) {
    for await (const ci of jsm.consumers.list(s)) if (ci.num_pending + ci.num_ack_pending > 0) return false;
  }
  return true;
}

/** What `tributary stats` shows, for failure messages. */
async function statsText(): Promise<string> {
  const r = await runTributary(['stats'], baseEnv, 60_000);
  return `tributary stats:\n${r.stdout}${r.stderr}`;
}

async function waitCounts(items: number, what: string): Promise<void> {
  await waitFor(
    `${what}: ${items} items in Postgres and Neo4j, consumers drained`,
    async () => (await pgItems()) === items && (await graph()).items === items && (await drained()),
    INGEST_TIMEOUT_MS,
    statsText,
    1_000,
  );
}

/** What the ingest ConfigMap would give the jobs. */
const INGEST_ENV = { TRIBUTARY_ALLOW_PRIVATE_NETWORKS: 'true', TRIBUTARY_ADAPTIVE_SCHEDULE: 'false' };

/**
 * One forced run of each Feed's job as its pod would run it: the CronJob's container args and env
 * (TRIBUTARY_FEED), six at a time. Resolves to the runs that failed.
 */
async function runJobs(indexes: number[]): Promise<string[]> {
  const queue = indexes.map(feedName);
  const failed: string[] = [];
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      const cj = await getObject<CronJob>(kube, resources.cronJobs, ns, `feed-${name}`);
      const c = cj.spec.jobTemplate.spec!.template.spec!.containers[0]!;
      const feedEnv = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? '']));
      const r = await runTributary([...(c.args ?? []), '--force'], { ...baseEnv, ...INGEST_ENV, ...feedEnv });
      if (r.code !== 0) failed.push(`${name}: exit ${r.code}: ${r.stderr.trim().split('\n').at(-1)}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return failed;
}
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function listFeeds(): Promise<Feed[]> {
  return (await listAll<Feed>(kube, feedResource, { namespace: ns })).items;
}

async function itemRows(client: pg.Client) {
  const r = await client.query<{
    feed_uid: string;
    key: string;
    content_hash: string;
    title: string;
    v: string;
  }>('select feed_uid, key, content_hash, title, xmin::text as v from items order by feed_uid, key');
  return r.rows;
}

before(async () => {
  env = await useStack();
  dir = mkdtempSync(join(tmpdir(), 'tributary-e2e-'));
  nats = await ownNatsServer(env.config.tools.natsServer, dir);
  natsPrefix = env.natsPrefix;
  labelPrefix = env.neo4jLabelPrefix;
  dbUrl = await env.createDatabase();
  ns = await env.createNamespace();
  baseEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    KUBECONFIG: env.KUBECONFIG,
    DATABASE_URL: dbUrl,
    NATS_URL: nats.url,
    TRIBUTARY_NATS_PREFIX: natsPrefix,
    NEO4J_URL: env.NEO4J_URL,
    TRIBUTARY_NEO4J_LABEL_PREFIX: labelPrefix,
    LOG_LEVEL: 'info',
  };
  const migrated = await runTributary(['migrate'], baseEnv);
  assert.equal(migrated.code, 0, `tributary migrate failed:\n${migrated.stderr}`);

  kube = KubeClient.fromEnvironment(env.KUBECONFIG);
  await applyFeedCrd(kube);

  fixture = await startFixtureServer({ feeds: FEEDS, items: ITEMS });
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  driver = createGraphDriver(graphConfigFromEnv({ NEO4J_URL: env.NEO4J_URL }));
  nc = await natsConnect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  jsm = await jetstreamManager(nc);

  const roles: Array<[string, string[], boolean]> = [
    ['store', ['worker', 'store'], true],
    ['graph', ['worker', 'graph'], true],
    ['enrich', ['worker', 'enrich'], true],
    ['operator', ['operator', '--no-leader-election', '--namespace', ns], true],
  ];
  for (const [name, args, probe] of roles) {
    procs[name] = await tributaryProc(name, args, baseEnv, dir, probe);
    await procs[name].start();
  }
});

after(async () => {
  for (const p of Object.values(procs).reverse()) await p.stop().catch(() => undefined);
  await nc?.close().catch(() => undefined);
  await driver?.close().catch(() => undefined);
  await db?.end().catch(() => undefined);
  await fixture?.close().catch(() => undefined);
  await nats?.proc.stop().catch(() => undefined);
  await env?.cleanup();
  if (dir && !process.env.TRIBUTARY_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
});

describe('pipeline end to end', { concurrency: false }, () => {
  test('50 Feeds × 100 items → exactly 5,000 items in Postgres and Neo4j, entities, Feed status', async () => {
    // Once a year: the suite triggers every run itself (`feed run`), so counts are deterministic.
    const feeds = range(FEEDS).map((i) => ({
      apiVersion: 'tributary.dev/v1alpha1',
      kind: 'Feed',
      metadata: { name: feedName(i), namespace: ns },
      spec: {
        url: fixture.feedUrl(i, FIXTURE_FORMATS[i % FIXTURE_FORMATS.length]!),
        schedule: '0 0 1 1 *',
        tags: ['e2e', `group-${i % 5}`],
        enrich: { entities: true },
      },
    }));
    const applied = spawnSync(
      env.config.tools.kubectl,
      ['--kubeconfig', env.KUBECONFIG, 'apply', '-f', '-'],
      {
        input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: feeds }),
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(applied.status, 0, `kubectl apply failed: ${applied.stderr}`);
    assert.equal(applied.stdout.match(/created/g)?.length, FEEDS, applied.stdout);
    await waitFor(
      '50 Feeds Ready with a CronJob',
      async () => {
        const feeds = await listFeeds();
        return (
          feeds.length === FEEDS &&
          feeds.every((f) => f.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
        );
      },
      90_000,
      () => `operator log in ${procs.operator!.logFile}`,
    );
    assert.deepEqual(await runJobs(range(FEEDS)), []);
    await waitCounts(FEEDS * ITEMS, 'first ingestion');

    const g = await graph();
    assert.equal(g.feeds, FEEDS);
    assert.equal(await streamMessages('ITEMS'), FEEDS * ITEMS, 'one ITEMS message per unique item');
    await waitFor(
      'entities in Neo4j',
      async () => (await graph()).entities > 0 && (await graph()).mentions > 0,
      60_000,
      statsText,
    );
    const pgFeeds = await db.query<{ n: string }>('select count(*) as n from feeds');
    assert.equal(Number(pgFeeds.rows[0]?.n), FEEDS);

    await waitFor(
      'every Feed status has lastSuccessTime and itemCount 100',
      async () =>
        (await listFeeds()).every((f) => !!f.status?.lastSuccessTime && f.status?.itemCount === ITEMS),
      60_000,
      async () =>
        JSON.stringify(
          (await listFeeds())
            .filter((f) => !(f.status?.lastSuccessTime && f.status?.itemCount === ITEMS))
            .slice(0, 3)
            .map((f) => ({ name: f.metadata.name, status: f.status })),
        ),
    );
  });

  test('10 items changed upstream → each updated once; re-running every job writes nothing', async () => {
    editsStartedAt = new Date();
    const before = new Map((await itemRows(db)).map((r) => [`${r.feed_uid}|${r.key}`, r]));
    const itemsBefore = await streamMessages('ITEMS');
    for (const i of range(EDITED_FEEDS)) fixture.editItems(i, 1);
    assert.deepEqual(await runJobs(range(EDITED_FEEDS)), []);

    const changed = async () =>
      (await itemRows(db)).filter(
        (r) => before.get(`${r.feed_uid}|${r.key}`)?.content_hash !== r.content_hash,
      );
    await waitFor(
      '10 changed rows in Postgres',
      async () => (await changed()).length === EDITED_FEEDS && (await drained()),
      INGEST_TIMEOUT_MS,
      statsText,
    );
    await waitFor(
      '10 changed items in Neo4j',
      async () => {
        const hashes = (await changed()).map((r) => r.content_hash);
        const res = await driver.executeQuery(
          `MATCH (i:\`${graphLabels(labelPrefix).Item}\`) WHERE i.contentHash IN $hashes RETURN count(i) AS n`,
          { hashes },
        );
        return Number(res.records[0]?.get('n')) === EDITED_FEEDS;
      },
      60_000,
      statsText,
    );
    assert.equal(await pgItems(), FEEDS * ITEMS, 'an edit updates, never inserts');
    assert.equal(await streamMessages('ITEMS'), itemsBefore + EDITED_FEEDS, 'one new event per changed item');
    const rewritten = (await itemRows(db)).filter((r) => before.get(`${r.feed_uid}|${r.key}`)?.v !== r.v);
    assert.equal(rewritten.length, EDITED_FEEDS, 'only the changed rows were written');

    // Every job again: conditional requests / body hashes / Nats-Msg-Id dedup → no new rows or writes.
    const snapshot = await itemRows(db);
    const runsBefore = await streamMessages('FEEDS');
    assert.deepEqual(await runJobs(range(FEEDS)), []);
    await waitFor(
      '50 more fetch outcomes',
      async () => (await streamMessages('FEEDS')) >= runsBefore + FEEDS,
      INGEST_TIMEOUT_MS,
      statsText,
    );
    await waitFor('consumers drained', drained, 60_000, statsText);
    assert.deepEqual(await itemRows(db), snapshot, 're-runs rewrote no item row');
    assert.equal(await streamMessages('ITEMS'), itemsBefore + EDITED_FEEDS);
    assert.equal((await graph()).items, FEEDS * ITEMS);
  });

  test('a poison message lands in the DLQ with its reason; the consumers keep going', async () => {
    const dlqStream = topologyNames(natsPrefix).streams.DLQ;
    const dlqLastSeq = (await jsm.streams.info(dlqStream)).state.last_seq;
    const poisonSubject = subjects(natsPrefix).itemUpserted('poison');
    await jsm.jetstream().publish(poisonSubject, new TextEncoder().encode('{"not": "an event"'));
    // Every ITEMS consumer (store, graph, enrich) parks its own copy.
    await waitFor(
      'the poison message in the DLQ once per ITEMS consumer',
      async () => (await jsm.streams.info(dlqStream)).state.last_seq >= dlqLastSeq + 3,
      60_000,
      statsText,
    );
    const msg = await jsm.streams.getMessage(dlqStream, { seq: dlqLastSeq + 1 });
    assert.ok(msg);
    assert.match(msg.header.get(DLQ_HEADERS.reason), /undecodable/);
    assert.equal(msg.header.get(DLQ_HEADERS.subject), poisonSubject);
    await waitFor('consumers drained after the poison', drained, 60_000, statsText);
  });
  test('kill -9 the store and graph workers and restart NATS during ingestion → counts still exact', async (t) => {
    const target = FEEDS * (ITEMS + ADDED_PER_FEED);
    for (const i of range(FEEDS)) fixture.addItems(i, ADDED_PER_FEED);
    const wave = runJobs(range(FEEDS));
    await waitFor(
      'the second wave under way',
      async () => (await pgItems()) > FEEDS * ITEMS,
      INGEST_TIMEOUT_MS,
      statsText,
      200,
    );
    await procs.store!.kill9();
    await procs.graph!.kill9();
    // A graceful restart (kill -9 of a file-store server may lose unsynced writes by design).
    await nats.proc.stop('SIGTERM');
    await nats.proc.start();
    await procs.store!.start();
    await procs.graph!.start();
    // Runs that failed while NATS was away run again, as the next schedule tick would.
    t.diagnostic(`runs that failed during the faults: ${(await wave).length}`);
    await waitFor('consumers drained after the restarts', drained, INGEST_TIMEOUT_MS, statsText);
    const short = await db.query<{ name: string }>(
      `select f.name from feeds f left join items i on i.feed_uid = f.uid group by f.name having count(i.id) < $1`,
      [ITEMS + ADDED_PER_FEED],
    );
    t.diagnostic(`feeds re-run after the faults: ${short.rows.length}`);
    assert.deepEqual(await runJobs(short.rows.map((r) => Number(r.name.slice('feed-'.length)))), []);
    await waitCounts(target, 'after kill -9 and the NATS restart');
    const dup = await db.query('select feed_uid, key from items group by 1, 2 having count(*) > 1');
    assert.equal(dup.rowCount, 0);
    const res = await driver.executeQuery(
      `MATCH (i:\`${graphLabels(labelPrefix).Item}\`) WHERE i.contentHash IS NOT NULL RETURN count(DISTINCT i.id) AS n`,
    );
    assert.equal(Number(res.records[0]?.get('n')), target, 'distinct item ids in Neo4j');
    assert.equal((await graph()).feeds, FEEDS);
  });

  test('replay into an empty database and an empty graph reproduces the same rows', async () => {
    const replayDb = await env.createDatabase();
    const replayEnv = { ...baseEnv, DATABASE_URL: replayDb };
    const migrated = await runTributary(['migrate'], replayEnv);
    assert.equal(migrated.code, 0, migrated.stderr);
    const store = await runTributary(['replay', '--to', 'store'], replayEnv, 300_000);
    assert.equal(store.code, 0, `replay --to store failed:\n${store.stdout}${store.stderr.slice(-3000)}`);
    assert.match(store.stdout, /replayed \d+ messages into store from the beginning/);

    const copy = new pg.Client({ connectionString: replayDb });
    await copy.connect();
    try {
      const items = (c: pg.Client) =>
        c.query(
          `select feed_uid, key, guid, link, title, summary, content, published, updated, language,
                  content_hash, enclosures, stream_seq from items order by feed_uid, key`,
        );
      const [a, b] = [await items(db), await items(copy)];
      assert.equal(b.rowCount, a.rowCount);
      assert.deepEqual(b.rows, a.rows);
      for (const q of [
        'select uid, namespace, name, url, tags from feeds order by uid',
        'select count(*) from authors',
        'select count(*) from categories',
      ]) {
        assert.deepEqual((await copy.query(q)).rows, (await db.query(q)).rows, q);
      }
    } finally {
      await copy.end();
    }

    // --since: only the events stored after the edits began — 10 edited + the second wave's items.
    const sinceDb = await env.createDatabase();
    const sinceEnv = { ...baseEnv, DATABASE_URL: sinceDb };
    assert.equal((await runTributary(['migrate'], sinceEnv)).code, 0);
    const since = await runTributary(
      ['replay', '--to', 'store', '--since', editsStartedAt.toISOString()],
      sinceEnv,
      300_000,
    );
    assert.equal(since.code, 0, `replay --since failed:\n${since.stdout}${since.stderr.slice(-3000)}`);
    const partial = new pg.Client({ connectionString: sinceDb });
    await partial.connect();
    try {
      assert.equal(await pgItems(partial), EDITED_FEEDS + FEEDS * ADDED_PER_FEED);
    } finally {
      await partial.end();
    }

    const replayLabels = `${labelPrefix}r`;
    const g = await runTributary(
      ['replay', '--to', 'graph'],
      { ...baseEnv, TRIBUTARY_NEO4J_LABEL_PREFIX: replayLabels },
      300_000,
    );
    assert.equal(g.code, 0, `replay --to graph failed:\n${g.stdout}${g.stderr.slice(-3000)}`);
    assert.deepEqual(await graph(replayLabels), await graph());
  });
});
