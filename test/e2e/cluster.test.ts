// The product on the real node, as a user installs and uses it: `helm upgrade --install` of the
// chart with the values `tributary up` uses (local images, dev NATS/PostgreSQL/Neo4j on provisioned
// volumes, the sample feed server, restricted Pod Security, NetworkPolicies enforced), `helm test`,
// Feeds applied with kubectl, their runs as real Jobs (CronJob → Job → ingest pod → NATS → the
// worker pods → the stores), and the API used through the ingress: register, sign in, items,
// search, the graph — with exact counts, the Feeds' status and their Events.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { KubeClient } from '@tributary/k8s';
import type { Feed } from '@tributary/k8s';
import { triggerFeedRun } from '@tributary/operator';
import {
  ensureRestrictedNamespace,
  ensureSigningKeySecret,
  helm,
  helmUpgrade,
  loadChartImages,
  localChartValues,
  localInstallInput,
  sampleFeeds,
} from '@tributary/platform';
import { ingressUrl } from '@tributary/stack';
import { useNodeStack, waitFor } from '@tributary/testkit';
import type { NodeStackEnv } from '@tributary/testkit';

let env: NodeStackEnv;
let ns: string;
let feedsNs: string;
const release = 'tributary';
const ITEMS_PER_FEED = 25;
const admin = { email: 'admin@e2e.test', password: 'correct horse battery' };
/** Traefik routes by Host; a host of this suite's own keeps it apart from any other install. */
const host = () => `${ns}.tributary.test`;

interface Reply<T> {
  status: number;
  type: string;
  body: T;
}

/** One request through the ingress controller on the node, with this suite's Host. */
function viaIngress<T = unknown>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<Reply<T>> {
  const url = new URL(path, ingressUrl(env.config));
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: {
          host: host(),
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const type = String(res.headers['content-type'] ?? '');
          const body = (/json/.test(type) ? JSON.parse(text) : text) as T;
          resolve({ status: res.statusCode ?? 0, type, body });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${url.href} timed out`)));
    req.end(payload);
  });
}

const kubectlJson = async <T>(args: string[]): Promise<T> =>
  JSON.parse(await env.kubectl([...args, '-o', 'json'])) as T;

before(async () => {
  env = await useNodeStack();
  const log = (line: string) => console.error(`# ${line}`);
  await loadChartImages(env.config, log);
  ns = await env.createNamespace({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  feedsNs = await env.createNamespace();
  await ensureRestrictedNamespace(env.config, feedsNs);
  await ensureSigningKeySecret(env.config, ns, log);
  const values = localChartValues(
    localInstallInput(env.config, { adminEmails: [admin.email], feedNamespaces: [feedsNs] }),
  );
  values.ingress.hosts = [host()];
  await helmUpgrade(
    env.config,
    {
      name: release,
      namespace: ns,
      values: { ...values, dev: { ...values.dev, samples: { enabled: true, items: ITEMS_PER_FEED } } },
    },
    log,
  );
});
after(async () => {
  if (ns) await helm(env.config, ['uninstall', release, '--namespace', ns, '--wait']).catch(() => undefined);
  await env?.cleanup();
});

describe('the chart on the node', () => {
  test('every pod runs under restricted Pod Security, the volumes are bound, helm test passes', async () => {
    const pods = await kubectlJson<{ items: { metadata: { name: string }; status: { phase: string } }[] }>([
      'get',
      'pods',
      '-n',
      ns,
    ]);
    assert.deepEqual(
      pods.items
        .filter((p) => !['Running', 'Succeeded'].includes(p.status.phase))
        .map((p) => p.metadata.name),
      [],
    );
    for (const want of [
      'api',
      'operator',
      'worker-store',
      'worker-graph',
      'worker-enrich',
      'samples',
      'nats',
      'postgres',
      'neo4j',
    ]) {
      assert.ok(
        pods.items.some((p) => p.metadata.name.startsWith(`${release}-${want}-`)),
        `a ${want} pod runs`,
      );
    }
    const pvcs = await kubectlJson<{ items: { status: { phase: string } }[] }>(['get', 'pvc', '-n', ns]);
    assert.deepEqual(
      pvcs.items.map((p) => p.status.phase),
      ['Bound', 'Bound', 'Bound'],
    );
    // GET /ready (PostgreSQL, NATS, Neo4j) from a pod through the API Service.
    await helm(env.config, ['test', release, '--namespace', ns, '--logs', '--timeout=3m']);
  });

  test('the API answers through the ingress: the spec, and problem+json without a token', async () => {
    const spec = await viaIngress<{ openapi: string }>('GET', '/openapi.json');
    assert.equal(spec.status, 200);
    assert.match(spec.body.openapi, /^3\.1/);
    const feeds = await viaIngress('GET', '/api/v1/feeds');
    assert.equal(feeds.status, 401);
    assert.match(feeds.type, /application\/problem\+json/);
  });

  test('Feeds applied with kubectl run as real Jobs, and their items are read, searched and graphed through the ingress', async () => {
    const feeds = sampleFeeds(feedsNs, `http://${release}-samples.${ns}.svc:8080`);
    await env.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: feeds }));
    const client = KubeClient.fromEnvironment(env.kubeconfig);
    const feedStatus = async (name: string) =>
      (await kubectlJson<Feed>(['get', 'feed', name, '-n', feedsNs])).status;
    for (const f of feeds) {
      const name = f.metadata.name!;
      await waitFor(
        `Feed ${name} Ready with its CronJob`,
        async () =>
          (await feedStatus(name))?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        120_000,
      );
      await triggerFeedRun(client, feedsNs, name, { force: true });
    }
    // Each run is a Job of the real Job controller, with a pod the kubelet ran to completion.
    await waitFor(
      'every manual Job to succeed',
      async () => {
        const jobs = await kubectlJson<{ items: { status: { succeeded?: number } }[] }>([
          'get',
          'jobs',
          '-n',
          feedsNs,
        ]);
        return jobs.items.length === feeds.length && jobs.items.every((j) => j.status.succeeded === 1);
      },
      300_000,
    );
    for (const f of feeds) {
      await waitFor(
        `Feed ${f.metadata.name} status: ${ITEMS_PER_FEED} items, Healthy`,
        async () => {
          const s = await feedStatus(f.metadata.name!);
          return (
            s?.itemCount === ITEMS_PER_FEED &&
            s.conditions?.some((c) => c.type === 'Healthy' && c.status === 'True') &&
            s.lastError === ''
          );
        },
        120_000,
      );
    }
    const events = await kubectlJson<{
      items: { type: string; reason: string; message: string; involvedObject: { name: string } }[];
    }>(['get', 'events', '-n', feedsNs, '--field-selector', 'involvedObject.kind=Feed']);
    for (const f of feeds) {
      assert.ok(
        events.items.some((e) => e.involvedObject.name === f.metadata.name && e.reason === 'CronJobCreated'),
        `a CronJobCreated event on ${f.metadata.name}`,
      );
    }
    assert.deepEqual(
      events.items.filter((e) => e.type === 'Warning').map((e) => `${e.reason}: ${e.message}`),
      [],
    );

    const session = await viaIngress<{ accessToken: string; user: { role: string } }>(
      'POST',
      '/api/v1/auth/register',
      {
        body: admin,
      },
    );
    assert.equal(session.status, 201, JSON.stringify(session.body));
    assert.equal(session.body.user.role, 'admin');
    const token = session.body.accessToken;
    const login = await viaIngress<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: admin });
    assert.equal(login.status, 200);

    // Exact counts in PostgreSQL, per feed, as the API reads them.
    type Page = { items: { id: string; title: string }[]; nextCursor: string | null };
    const pages: Record<string, Page> = {};
    for (const f of feeds) {
      const feed = `${feedsNs}/${f.metadata.name}`;
      await waitFor(
        `${ITEMS_PER_FEED} items of ${feed} in the API`,
        async () => {
          const r = await viaIngress<Page>('GET', `/api/v1/items?feed=${feed}&limit=200`, { token });
          pages[feed] = r.body;
          return r.status === 200 && r.body.items.length === ITEMS_PER_FEED;
        },
        120_000,
      );
      assert.equal(pages[feed]!.nextCursor, null);
    }
    const first = Object.values(pages)[0]!.items[0]!;
    const word = first.title.split(/\W+/).find((w) => w.length > 3)!;
    const search = await viaIngress<Page>('GET', `/api/v1/items?q=${encodeURIComponent(word)}&limit=200`, {
      token,
    });
    assert.equal(search.status, 200);
    assert.ok(
      search.body.items.some((i) => i.id === first.id),
      `search for "${word}" finds "${first.title}"`,
    );

    // The graph worker projected the item into Neo4j with its feed.
    await waitFor(
      `the graph neighbourhood of ${first.id}`,
      async () => {
        const g = await viaIngress<{ nodes: { label: string }[] }>(
          'GET',
          `/api/v1/graph/neighborhood?node=${encodeURIComponent(first.id)}`,
          { token },
        );
        return g.status === 200 && g.body.nodes.some((n) => n.label === 'Feed');
      },
      120_000,
    );
  });
});
