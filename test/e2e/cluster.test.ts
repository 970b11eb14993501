// The product on the real node, as a user installs and uses it: `helm upgrade --install` of the
// chart with the values `tributary up` uses (local images, dev NATS/PostgreSQL/Neo4j on provisioned
// volumes, the sample feed server, restricted Pod Security, NetworkPolicies enforced), `helm test`,
// Feeds applied with kubectl, their runs as real Jobs (CronJob → Job → ingest pod → NATS → the
// worker pods → the stores), and the API used through the ingress: register, sign in, items,
// search, the graph — with exact counts, the Feeds' status and their Events. Then a rollout and a
// rollback under load, one iteration of the skaffold dev loop, and faults mid-ingestion, each
// ending in exact counts.
// run-tests: alone — its drills restart the shared node's kubelet and apiserver.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KubeClient } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { triggerFeedRun } from '@tributary/feed-api';
import {
  ensureRestrictedNamespace,
  ensureSigningKeySecret,
  helm,
  helmUpgrade,
  loadChartImages,
  localChartValues,
  localInstallInput,
  sampleFeeds,
  skaffoldDev,
} from '@tributary/platform';
import type { Release } from '@tributary/platform';
import {
  PRODUCT_IMAGE,
  ingressUrl,
  loadImages,
  readPidRecord,
  repoRoot,
  stackStatus,
  stackUp,
  tagImage,
} from '@tributary/stack';
import { useNodeStack, waitFor } from '@tributary/testkit';
import type { NodeStackEnv } from '@tributary/testkit';

let env: NodeStackEnv;
let ns: string;
let feedsNs: string;
let release: Release;
let token: string;
const ITEMS_PER_FEED = 25;
/** The first four are the sample Feeds; the faults wave ingests the other four. */
const SAMPLE_FEEDS = 8;
const admin = { email: 'admin@e2e.test', password: 'correct horse battery' };
/** Traefik routes by Host; a host of this suite's own keeps it apart from any other install. */
const host = () => `${ns}.tributary.test`;
const log = (line: string) => console.error(`# ${line}`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

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
          try {
            resolve({
              status: res.statusCode ?? 0,
              type,
              body: (/json/.test(type) ? JSON.parse(text) : text) as T,
            });
          } catch (err) {
            reject(err as Error);
          }
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

type PodList = {
  items: {
    metadata: { name: string; uid: string };
    status: {
      phase: string;
      conditions?: { type: string; status: string }[];
      containerStatuses?: { restartCount: number }[];
    };
  }[];
};
const pods = () => kubectlJson<PodList>(['get', 'pods', '-n', ns]);
const podOf = async (component: string) =>
  (await pods()).items.find((p) => p.metadata.name.startsWith(`${release.name}-${component}-`));

/** Every Deployment and StatefulSet of the release has all its replicas ready. */
async function allReady(): Promise<boolean> {
  const list = await kubectlJson<{
    items: { spec: { replicas?: number }; status: { readyReplicas?: number } }[];
  }>(['get', 'deployments,statefulsets', '-n', ns]);
  return list.items.every((w) => (w.status.readyReplicas ?? 0) === (w.spec.replicas ?? 1));
}

type Page = { items: { id: string; title: string }[]; nextCursor: string | null };
const itemsOf = (feed: string) => viaIngress<Page>('GET', `/api/v1/items?feed=${feed}&limit=200`, { token });

/** Applies the Feeds, waits until each has its CronJob, and runs each once as a Job (its name). */
async function runFeeds(feeds: Feed[]): Promise<string[]> {
  await env.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: feeds }));
  const client = KubeClient.fromEnvironment(env.kubeconfig);
  const jobs: string[] = [];
  for (const f of feeds) {
    const name = f.metadata.name!;
    await waitFor(
      `Feed ${name} Ready with its CronJob`,
      async () =>
        (await kubectlJson<Feed>(['get', 'feed', name, '-n', feedsNs])).status?.conditions?.some(
          (c) => c.type === 'Ready' && c.status === 'True',
        ),
      120_000,
    );
    jobs.push((await triggerFeedRun(client, feedsNs, name, { force: true })).name);
  }
  return jobs;
}

/**
 * Each Job succeeded — run by the real Job controller, its pod by the kubelet. The CronJob
 * controller prunes finished Jobs beyond its history limit (the scheduled ticks and the operator's
 * own runs count too), so a Job may be gone before it is seen: the Job controller's `Completed`
 * event on it outlives it.
 */
async function jobsSucceeded(names: string[]): Promise<void> {
  const done = new Set<string>();
  await waitFor(
    `Jobs ${names.join(', ')} to succeed`,
    async () => {
      const jobs = await kubectlJson<{
        items: { metadata: { name: string }; status: { succeeded?: number } }[];
      }>(['get', 'jobs', '-n', feedsNs]);
      for (const j of jobs.items) if (j.status.succeeded === 1) done.add(j.metadata.name);
      const events = await kubectlJson<{ items: { involvedObject: { name: string } }[] }>([
        'get',
        'events',
        '-n',
        feedsNs,
        '--field-selector',
        'involvedObject.kind=Job,reason=Completed',
      ]);
      for (const e of events.items) done.add(e.involvedObject.name);
      return names.every((n) => done.has(n));
    },
    300_000,
    () => `succeeded: ${[...done].filter((n) => names.includes(n)).join(', ') || 'none'}`,
  );
}

/** Waits until every Feed's items are in PostgreSQL as the API reads them: exactly ITEMS_PER_FEED each. */
async function exactItems(feeds: Feed[], timeoutMs = 300_000): Promise<void> {
  for (const f of feeds) {
    const feed = `${feedsNs}/${f.metadata.name}`;
    let last = -1;
    await waitFor(
      `${ITEMS_PER_FEED} items of ${feed} in the API`,
      async () => {
        const r = await itemsOf(feed);
        last = r.status === 200 ? r.body.items.length : -1;
        return last === ITEMS_PER_FEED;
      },
      timeoutMs,
      () => `last count: ${last}`,
    );
  }
}

/** A Feed like the samples, on sample document `n`. */
const extraFeed = (n: number, base: string): Feed =>
  ({
    apiVersion: 'tributary.dev/v1alpha1',
    kind: 'Feed',
    metadata: { name: `extra-${n}`, namespace: feedsNs },
    spec: { url: `${base}/feeds/${n}.${['rss2', 'atom10', 'json11', 'rdf'][n % 4]}`, interval: '1h' },
  }) as Feed;

before(async () => {
  env = await useNodeStack();
  await loadChartImages(env.config, log);
  ns = await env.createNamespace({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  feedsNs = await env.createNamespace();
  await ensureRestrictedNamespace(env.config, feedsNs);
  await ensureSigningKeySecret(env.config, ns, log);
  const values = localChartValues(
    localInstallInput(env.config, { adminEmails: [admin.email], feedNamespaces: [feedsNs] }),
  );
  values.ingress.hosts = [host()];
  release = {
    name: 'tributary',
    namespace: ns,
    values: {
      ...values,
      dev: { ...values.dev, samples: { enabled: true, feeds: SAMPLE_FEEDS, items: ITEMS_PER_FEED } },
    },
  };
  const started = Date.now();
  await helmUpgrade(env.config, release, log);
  log(`install: ${seconds(started)}`);
});
after(async () => {
  if (release)
    await helm(env.config, ['uninstall', release.name, '--namespace', ns, '--wait']).catch(() => undefined);
  await env?.cleanup();
});

describe('the chart on the node', () => {
  const samplesBase = () => `http://${release.name}-samples.${ns}.svc:8080`;

  test('every pod runs under restricted Pod Security, the volumes are bound, helm test passes', async () => {
    const list = await pods();
    assert.deepEqual(
      list.items
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
        list.items.some((p) => p.metadata.name.startsWith(`${release.name}-${want}-`)),
        `a ${want} pod runs`,
      );
    }
    const pvcs = await kubectlJson<{ items: { status: { phase: string } }[] }>(['get', 'pvc', '-n', ns]);
    assert.deepEqual(
      pvcs.items.map((p) => p.status.phase),
      ['Bound', 'Bound', 'Bound'],
    );
    // GET /ready (PostgreSQL, NATS, Neo4j) from a pod through the API Service.
    await helm(env.config, ['test', release.name, '--namespace', ns, '--logs', '--timeout=3m']);
  });

  test('NetworkPolicies: a pod outside the platform cannot reach PostgreSQL; one labelled as the store worker can', async () => {
    /**
     * TCP connects from a one-shot pod (restricted PSS) in `namespace`, retried for 10 s: exit 0 once
     * one succeeds, 1 when none did. (kube-router admits a new pod's address a moment after it
     * starts; until then its packets are refused, so a single try could not tell that from policy.)
     */
    const connectFrom = async (namespace: string, labels: Record<string, string>, target: string) => {
      const [host, port] = target.split(':');
      const name = `probe-${Math.random().toString(36).slice(2, 8)}`;
      const script = `const net=require('net');const end=Date.now()+10000;(function attempt(){const s=net.connect(${port},'${host}');let done=false;const retry=()=>{if(done)return;done=true;s.destroy();if(Date.now()>end)process.exit(1);setTimeout(attempt,250)};s.setTimeout(2000);s.on('connect',()=>process.exit(0));s.on('error',retry);s.on('timeout',retry)})()`;
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace, labels },
        spec: {
          restartPolicy: 'Never',
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'probe',
              image: PRODUCT_IMAGE,
              imagePullPolicy: 'Never',
              command: ['node', '-e', script],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      };
      await env.kubectl(['apply', '-f', '-'], JSON.stringify(pod));
      let code: number | undefined;
      await waitFor(
        `probe pod ${namespace}/${name} to finish`,
        async () => {
          const p = await kubectlJson<{
            status: { containerStatuses?: { state: { terminated?: { exitCode: number } } }[] };
          }>(['get', 'pod', name, '-n', namespace]);
          code = p.status.containerStatuses?.[0]?.state.terminated?.exitCode;
          return code !== undefined;
        },
        120_000,
      );
      await env.kubectl(['delete', 'pod', name, '-n', namespace, '--wait=false']);
      return code;
    };
    const postgres = `${release.name}-postgres.${ns}.svc:5432`;
    // A namespace with no policies of its own: its pods' egress is open, so a refusal is PostgreSQL's policy.
    const stranger = await env.createNamespace({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    assert.equal(
      await connectFrom(stranger, { app: 'stranger' }, 'kube-dns.kube-system.svc:53'),
      0,
      'open egress',
    );
    assert.notEqual(await connectFrom(stranger, { app: 'stranger' }, postgres), 0, 'PostgreSQL refuses it');
    const storeWorker = {
      'app.kubernetes.io/name': 'tributary',
      'app.kubernetes.io/instance': release.name,
      'app.kubernetes.io/component': 'worker-store',
    };
    assert.equal(await connectFrom(ns, storeWorker, postgres), 0, 'the store worker reaches PostgreSQL');
    assert.notEqual(await connectFrom(ns, { app: 'stranger' }, postgres), 0, 'in the release namespace too');
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
    const session = await viaIngress<{ accessToken: string; user: { role: string } }>(
      'POST',
      '/api/v1/auth/register',
      { body: admin },
    );
    assert.equal(session.status, 201, JSON.stringify(session.body));
    assert.equal(session.body.user.role, 'admin');
    const login = await viaIngress<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: admin });
    assert.equal(login.status, 200);
    token = login.body.accessToken;

    const feeds = sampleFeeds(feedsNs, samplesBase());
    const started = Date.now();
    await jobsSucceeded(await runFeeds(feeds));
    await exactItems(feeds);
    log(`${feeds.length} Feeds × ${ITEMS_PER_FEED} items ingested: ${seconds(started)}`);
    for (const f of feeds) {
      const s = (await kubectlJson<Feed>(['get', 'feed', f.metadata.name!, '-n', feedsNs])).status;
      assert.equal(s?.itemCount, ITEMS_PER_FEED, `${f.metadata.name} itemCount`);
      assert.equal(s?.lastError, '');
      assert.ok(s?.conditions?.some((c) => c.type === 'Healthy' && c.status === 'True'));
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

    const first = (await itemsOf(`${feedsNs}/${feeds[0]!.metadata.name}`)).body.items[0]!;
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

    // A second run of every Feed finds nothing new: the counts stay exact.
    await jobsSucceeded(await runFeeds(feeds));
    await exactItems(feeds);
    for (const f of feeds) {
      const s = (await kubectlJson<Feed>(['get', 'feed', f.metadata.name!, '-n', feedsNs])).status;
      assert.equal(s?.itemCount, ITEMS_PER_FEED, `${f.metadata.name} itemCount after a re-run`);
    }
  });

  test('helm upgrade to a new image tag, then helm rollback, under load through the ingress: no request fails', async () => {
    assert.ok(token, 'signed in by the previous test');
    // The same image under a second tag: every Deployment rolls to it.
    await tagImage(PRODUCT_IMAGE, 'localhost/tributary:rollout');
    await loadImages(env.config, ['localhost/tributary:rollout'], log);

    let ok = 0;
    const failures: string[] = [];
    let stop = false;
    // Paced below the API's per-user rate limit (600/min), so every answer but 200 is a failure.
    const reader = async () => {
      while (!stop) {
        await new Promise((r) => setTimeout(r, 300));
        try {
          const r = await viaIngress('GET', `/api/v1/items?limit=5`, { token });
          if (r.status === 200) ok++;
          else failures.push(`HTTP ${r.status}`);
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    };
    const load = Promise.all([reader(), reader()]);
    try {
      const started = Date.now();
      const values = release.values as { image: Record<string, string> };
      await helmUpgrade(
        env.config,
        { ...release, values: { ...values, image: { ...values.image, tag: 'rollout' } } },
        log,
      );
      await waitFor('the rollout to finish', allReady, 180_000);
      const api = await kubectlJson<{ spec: { template: { spec: { containers: { image: string }[] } } } }>([
        'get',
        'deployment',
        `${release.name}-api`,
        '-n',
        ns,
      ]);
      assert.equal(api.spec.template.spec.containers[0]?.image, 'localhost/tributary:rollout');
      log(`upgrade: ${seconds(started)}, ${ok} requests so far`);
      const rollbackStarted = Date.now();
      await helm(env.config, ['rollback', release.name, '--namespace', ns, '--wait', '--timeout=5m']);
      await waitFor('the rollback to finish', allReady, 180_000);
      log(`rollback: ${seconds(rollbackStarted)}, ${ok} requests in all`);
    } finally {
      stop = true;
      await load;
    }
    assert.deepEqual(failures, []);
    assert.ok(ok > 50, `${ok} requests answered`);
  });

  test('skaffold dev -p local: a source change becomes a new image, the Deployments roll, the change answers through the ingress', async () => {
    // A copy of the tracked sources, so the change never touches this checkout.
    const work = mkdtempSync(join(tmpdir(), 'tributary-devloop-'));
    try {
      const files = execFileSync('git', ['-C', repoRoot, 'ls-files', '-co', '--exclude-standard'], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter((f) => f !== '' && !f.includes('node_modules/'));
      for (const f of files) {
        mkdirSync(dirname(join(work, f)), { recursive: true });
        try {
          cpSync(join(repoRoot, f), join(work, f));
        } catch {
          // listed but deleted in the working tree
        }
      }
      const opsFile = join(work, 'services/api/src/routes/ops.ts');
      const banner = (tag: string) => `Tributary API (dev loop ${tag})`;
      const setBanner = (tag: string) =>
        writeFileSync(
          opsFile,
          readFileSync(opsFile, 'utf8').replace(/name: '[^']*'/, `name: '${banner(tag)}'`),
        );
      const answers = (tag: string) => async () => {
        const r = await viaIngress<{ name?: string }>('GET', '/').catch(() => undefined);
        return r?.status === 200 && r.body.name === banner(tag);
      };
      const apiImage = async () =>
        (
          await kubectlJson<{ spec: { template: { spec: { containers: { image: string }[] } } } }>([
            'get',
            'deployment',
            `${release.name}-api`,
            '-n',
            ns,
          ])
        ).spec.template.spec.containers[0]!.image;

      setBanner('first');
      const output: string[] = [];
      const started = Date.now();
      const loop = await skaffoldDev({
        cfg: env.config,
        release,
        workdir: work,
        onLine: (line) => output.push(line),
      });
      const exitedEarly = loop.exited.then((code) => {
        throw new Error(`skaffold dev exited (${code}):\n${output.slice(-30).join('\n')}`);
      });
      exitedEarly.catch(() => undefined);
      const until = (what: string, check: () => Promise<boolean>) =>
        Promise.race([waitFor(what, check, 600_000, () => output.slice(-15).join('\n')), exitedEarly]);
      try {
        await until('the first build to answer through the ingress', answers('first'));
        const firstImage = await apiImage();
        assert.match(firstImage, /^localhost\/tributary:[0-9a-f]{64}$/, 'the image-id tag skaffold deploys');
        log(`skaffold dev: first build and deploy ${seconds(started)}`);

        // A change made before skaffold watches would go unseen: wait until it says it does.
        await until('skaffold to watch for changes', async () =>
          output.some((l) => /Watching for changes/.test(l)),
        );
        const changed = Date.now();
        setBanner('second');
        await until('the change to answer through the ingress', answers('second'));
        await until('the rollout to finish', allReady);
        const secondImage = await apiImage();
        assert.notEqual(secondImage, firstImage, 'a new image');
        log(`skaffold dev: source change → answer through the ingress ${seconds(changed)}`);
      } finally {
        assert.equal(await loop.stop(), 0, output.slice(-20).join('\n'));
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    // The release goes back to the image the rest of the suite expects.
    await helmUpgrade(env.config, release, log);
    await waitFor('the release back on the dev image', allReady, 180_000);
  });

  test('faults mid-ingestion: deleted pods, a killed container process, NATS, PostgreSQL and Neo4j restarts, kubelet and apiserver restarts — /ready reports each outage, counts stay exact', async () => {
    const feeds = [4, 5, 6, 7].map((n) => extraFeed(n, samplesBase()));
    const recovery: string[] = [];
    /**
     * What the API pod's /ready says (`200 ok`, `503 unavailable: postgres`), asked from the node as
     * the kubelet's readiness probe asks it (the ingress routes only the API's public paths).
     */
    let apiPodIp: string | undefined;
    const readyAnswer = async (): Promise<string> => {
      try {
        apiPodIp ??= (
          await kubectlJson<{ status: { podIP?: string } }>([
            'get',
            'pod',
            (await podOf('api'))!.metadata.name,
            '-n',
            ns,
          ])
        ).status.podIP;
        const r = await fetch(`http://${apiPodIp}:8080/ready`, { signal: AbortSignal.timeout(3000) });
        const body = (await r.json()) as { status?: string; checks?: Record<string, { status: string }> };
        const down = Object.entries(body.checks ?? {})
          .filter(([, c]) => c.status === 'down')
          .map(([name]) => name);
        return `${r.status} ${body.status}${down.length ? `: ${down.sort().join(',')}` : ''}`;
      } catch {
        apiPodIp = undefined;
        return 'no answer';
      }
    };
    /** The pod named `name` is no longer the one with `uid` (deleted, or recreated under the same name). */
    const replaced = (name: string, uid: string) => async () => {
      const p = (await pods()).items.find((x) => x.metadata.name === name);
      return !p || p.metadata.uid !== uid;
    };
    const deletePod = async (name: string): Promise<() => Promise<boolean>> => {
      const p = (await pods()).items.find((x) => x.metadata.name === name);
      assert.ok(p, `pod ${name} exists`);
      await env.kubectl(['delete', 'pod', '-n', ns, name, '--wait=false']);
      return replaced(name, p.metadata.uid);
    };
    /**
     * One fault: inject it, wait until it has taken effect, then until every workload is ready again;
     * /ready is sampled all along. `expect` is what /ready must have said at least once meanwhile.
     */
    const drill = async (what: string, fault: () => Promise<() => Promise<boolean>>, expect?: RegExp) => {
      const seen = new Set<string>();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          seen.add(await readyAnswer());
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      const started = Date.now();
      try {
        const tookEffect = await fault();
        await waitFor(`the fault to take effect: ${what}`, tookEffect, 120_000);
        await waitFor(`recovery from: ${what}`, allReady, 300_000);
      } finally {
        sampling = false;
        await sampler;
      }
      recovery.push(`${what}: ${seconds(started)}; /ready said ${[...seen].join(' | ')}`);
      if (expect)
        assert.ok(
          [...seen].some((a) => expect.test(a)),
          `/ready reported "${what}" (it said: ${[...seen].join(' | ')})`,
        );
    };
    const done = async () => async () => true;
    await runFeeds(feeds);
    await drill('delete the store worker pod', async () =>
      deletePod((await podOf('worker-store'))!.metadata.name),
    );
    await drill('kill -9 the graph worker process', async () => {
      const pod = (await podOf('worker-graph'))!;
      const before = pod.status.containerStatuses?.[0]?.restartCount ?? 0;
      // PID 1 is tini; every other process but this shell is the role's (Node names itself MainThread).
      await env
        .kubectl([
          'exec',
          '-n',
          ns,
          pod.metadata.name,
          '--',
          'sh',
          '-c',
          'for p in /proc/[0-9]*; do n=${p#/proc/}; [ "$n" != 1 ] && [ "$n" != $$ ] && kill -9 "$n"; done; true',
        ])
        .catch(() => undefined); // the container may die under the exec session: the restart count tells
      return async () =>
        ((await podOf('worker-graph'))?.status.containerStatuses?.[0]?.restartCount ?? 0) > before;
    });
    // NATS and PostgreSQL are required: the API says unavailable (503) and leaves the Service.
    const unavailable = (dep: string) => new RegExp(`^503 unavailable: .*${dep}`);
    await drill(
      'restart NATS (delete its pod)',
      () => deletePod(`${release.name}-nats-0`),
      unavailable('nats'),
    );
    await drill(
      'restart PostgreSQL (delete its pod)',
      () => deletePod(`${release.name}-postgres-0`),
      unavailable('postgres'),
    );
    // Neo4j only degrades the answer: the API stays routable and serves what PostgreSQL holds.
    await drill(
      'restart Neo4j (delete its pod)',
      () => deletePod(`${release.name}-neo4j-0`),
      /^200 degraded: .*neo4j/,
    );
    await drill('delete the operator pod', async () => deletePod((await podOf('operator'))!.metadata.name));
    /** kill -9 one of the node stack's host daemons, then start it again as the stack does. */
    const killAndRestart = (server: 'kubelet' | 'kube-apiserver') => async () => {
      const rec = readPidRecord(env.config.paths.runDir, server);
      assert.ok(rec, `the ${server} has a pid file`);
      process.kill(rec.pid, 'SIGKILL');
      await waitFor(
        `the ${server} to be dead`,
        async () => (await stackStatus(env.config, [server]))[0]!.state === 'dead',
      );
      await stackUp(env.config, [server], () => {});
      return done();
    };
    await drill('restart the kubelet', killAndRestart('kubelet'));
    // The control plane itself: Jobs, leases and watches resume against the restarted apiserver.
    await drill('restart the kube-apiserver', killAndRestart('kube-apiserver'));
    // Whatever a fault cut short is fetched again: a run is idempotent downstream (message ids).
    await runFeeds(feeds);
    await exactItems([...sampleFeeds(feedsNs, samplesBase()), ...feeds]);
    for (const line of recovery) log(`fault ${line}`);
  });

  test("an ingest Job parsing a 15 MB feed (22,000 items, the fetch cap's size) fits the chart's memory limit", async () => {
    const big = {
      ...extraFeed(8, samplesBase()),
      metadata: { name: 'big', namespace: feedsNs },
      spec: { url: `${samplesBase()}/feeds/0.rss2?items=22000`, interval: '1h' },
    } as Feed;
    const started = Date.now();
    const [job] = await runFeeds([big]);
    // Its pods, while they exist (the CronJob's history limit may prune the finished Job).
    let oomKilled = false;
    const watch = setInterval(() => {
      void kubectlJson<{
        items: {
          status: {
            containerStatuses?: {
              lastState?: { terminated?: { reason: string } };
              state: { terminated?: { reason: string } };
            }[];
          };
        }[];
      }>(['get', 'pods', '-n', feedsNs, '-l', `job-name=${job}`])
        .then((p) => {
          for (const x of p.items)
            for (const c of x.status.containerStatuses ?? [])
              if ([c.state.terminated?.reason, c.lastState?.terminated?.reason].includes('OOMKilled'))
                oomKilled = true;
        })
        .catch(() => undefined);
    }, 500);
    try {
      await jobsSucceeded([job!]);
    } finally {
      clearInterval(watch);
    }
    assert.equal(oomKilled, false, 'the ingest container was never OOMKilled');
    await waitFor(
      'the Feed to count 22,000 items',
      async () =>
        (await kubectlJson<Feed>(['get', 'feed', 'big', '-n', feedsNs])).status?.itemCount === 22_000,
      300_000,
    );
    log(`15 MB feed: Job to 22,000 items on the Feed ${seconds(started)}`);
  });
});
