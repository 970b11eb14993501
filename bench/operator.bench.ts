// Operator throughput against the real local apiserver: apply N Feeds and time until every Feed has
// its CronJob and Ready=True; the operator runs as its own process (`tributary operator`), so its
// peak RSS (VmHWM) and the API requests it made (rest_client_requests_total) are its alone.
// Writes bench/results/operator.json. Sizes: BENCH_FEEDS (default "1000,5000").
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { TRIBUTARY_BIN } from '@tributary/stack';
import { useStack } from '@tributary/testkit';
import type { CronJob, KubeObject } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { createObject, Informer, KubeClient, resourcePath, resources } from '@tributary/k8s';
import { FEED_API_VERSION, feedResource, MANAGED_BY, MANAGED_BY_LABEL } from '@tributary/feed-api';

const SIZES = (process.env.BENCH_FEEDS ?? '1000,5000').split(',').map(Number);
const GOALS = { 1000: 20, 5000: 120 } as Record<number, number>;
const APPLY_CONCURRENCY = 32;
const METRICS_PORT = 19391;

const env = await useStack({ servers: ['etcd', 'kube-apiserver'] });
const client = new KubeClient(env.kubeConfig());

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function requests(): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m =
      /^rest_client_requests_total\{.*method="(\w+)".*\} (\d+)/.exec(line) ??
      /^rest_client_requests_total\{.*code="\d+",method="(\w+)"\} (\d+)/.exec(line);
    if (m) out[m[1] as string] = (out[m[1] as string] ?? 0) + Number(m[2]);
  }
  return out;
}

async function waitReady(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('operator did not become ready');
}

async function run(n: number) {
  const ns = await env.createNamespace();
  const op = spawn(
    process.execPath,
    [
      TRIBUTARY_BIN,
      'operator',
      '--namespace',
      ns,
      '--metrics-port',
      String(METRICS_PORT),
      '--no-status-feedback',
    ],
    {
      env: { ...process.env, POD_NAMESPACE: ns, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitReady(METRICS_PORT);
  // Observe convergence with our own informers (in this process, not the operator's).
  const ready = new Set<string>();
  const withCronJob = new Set<string>();
  let doneAt = 0;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((r) => (resolveDone = r));
  const check = () => {
    if (!doneAt && ready.size === n && withCronJob.size === n) {
      doneAt = performance.now();
      resolveDone();
    }
  };
  const onFeed = (f: Feed & KubeObject) => {
    if (f.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      ready.add(f.metadata.name);
    check();
  };
  const stop = new AbortController();
  const feeds = new Informer<Feed & KubeObject>({
    client,
    resource: feedResource,
    namespace: ns,
    resyncMs: 0,
    handlers: { add: onFeed, update: (_o, f) => onFeed(f) },
  });
  const cronJobs = new Informer<CronJob>({
    client,
    resource: resources.cronJobs,
    namespace: ns,
    labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}`,
    resyncMs: 0,
    handlers: {
      add: (cj) => {
        const owner = cj.metadata.ownerReferences?.[0]?.name;
        if (owner) withCronJob.add(owner);
        check();
      },
    },
  });
  const informers = Promise.all([feeds.run(stop.signal), cronJobs.run(stop.signal)]);
  await Promise.all([feeds.waitForSync(), cronJobs.waitForSync()]);
  const before = await requests();

  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: APPLY_CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const f = {
          apiVersion: FEED_API_VERSION,
          kind: 'Feed',
          metadata: { name: `feed-${i}`, namespace: ns },
          spec:
            i % 2
              ? { url: `https://example.org/${i}.xml`, interval: '15m', tags: ['bench'] }
              : { url: `https://example.org/${i}.xml`, schedule: '*/30 * * * *' },
        };
        await createObject(client, feedResource, f as never);
      }
    }),
  );
  const applied = performance.now();
  await Promise.race([
    done,
    new Promise((_r, reject) =>
      setTimeout(
        () => reject(new Error(`not converged: ${ready.size} ready, ${withCronJob.size} CronJobs`)),
        900_000,
      ),
    ),
  ]);
  const after = await requests();
  const rss = peakRssMb(op.pid as number);
  const byMethod = Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
  const total = Object.values(byMethod).reduce((a, b) => a + b, 0);
  stop.abort();
  await informers;
  const exited = new Promise((r) => op.on('exit', r));
  op.kill('SIGTERM');
  await exited;
  // No namespace controller behind the local apiserver: remove the objects ourselves (collection deletes).
  for (const ref of [feedResource, resources.cronJobs, resources.events]) {
    await client.request('DELETE', resourcePath(ref, { namespace: ns })).catch(() => undefined);
  }
  const result = {
    feeds: n,
    applySeconds: +((applied - t0) / 1000).toFixed(2),
    convergeSeconds: +((doneAt - t0) / 1000).toFixed(2),
    feedsPerSecond: Math.round(n / ((doneAt - t0) / 1000)),
    goalSeconds: GOALS[n] ?? null,
    operatorPeakRssMB: rss,
    apiRequests: { total, perFeed: +(total / n).toFixed(2), byMethod },
  };
  console.log(JSON.stringify(result));
  return result;
}

const runs = [];
for (const n of SIZES) runs.push(await run(n));
await env.cleanup();
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/operator.json',
  `${JSON.stringify({ benchmark: 'operator', date: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version }, workers: 4, goals: { '1000': '≤ 20 s', '5000': '≤ 120 s', rss: '≤ 200 MB' }, runs }, null, 2)}\n`,
);
console.log('wrote bench/results/operator.json');
// The Kubernetes client's keep-alive pool would hold the process open; the results are written.
process.exit(0);
