/**
 * What `tributary up` runs, as data (pure): the platform's processes on top of the local stack,
 * the demo namespace's ingest ConfigMap and the sample Feeds. The same code paths as in a cluster
 * run here; only the local job runner stands in for the kubelet/CronJob controller.
 */
import type { Feed } from '@tributary/k8s';

/**
 * Loopback ports: away from the standard ones (8080, 9090) and below Linux's ephemeral range
 * (32768+), where an outgoing connection could hold the port when a process starts.
 */
export const PLATFORM_PORTS = {
  api: 18080,
  samples: 18090,
  operator: 19090,
  store: 19091,
  graph: 19092,
  enrich: 19093,
} as const;

export const DEMO_NAMESPACE = 'tributary-demo';
/** Registering this email on the local API gives the admin role (unless TRIBUTARY_ADMIN_EMAILS says otherwise). */
export const LOCAL_ADMIN_EMAIL = 'admin@tributary.local';
export const INGEST_CONFIGMAP = 'tributary-ingest';

export interface PlatformProcess {
  name: string;
  /** Arguments after the node binary. */
  args: string[];
  env: Record<string, string>;
  /** 200 here means ready; processes without one are ready once alive. */
  readyUrl?: string;
  /** Substring of /proc/<pid>/cmdline proving a pid file still names this process. */
  match: string;
}

export interface PlanInput {
  repoRoot: string;
  /** KUBECONFIG, DATABASE_URL, NATS_URL, NEO4J_URL, PATH from the stack. */
  stackEnv: Record<string, string>;
  runnerLogDir: string;
  /** The local API's settings that a cluster takes from Secrets and values instead. */
  api: { jwtKeysFile: string; adminEmails: string };
}

/** Who becomes admin on the local API: the caller's TRIBUTARY_ADMIN_EMAILS, else the local admin. */
export const localAdminEmails = (env: NodeJS.ProcessEnv): string =>
  env.TRIBUTARY_ADMIN_EMAILS?.trim() || LOCAL_ADMIN_EMAIL;

const tributary = (repoRoot: string, ...args: string[]) => [`${repoRoot}/bin/tributary.js`, ...args];

/** Start order: projections before producers, the API last. */
export function platformProcesses({ repoRoot, stackEnv, runnerLogDir, api }: PlanInput): PlatformProcess[] {
  const base = { ...stackEnv, LOG_LEVEL: 'info' };
  const worker = (role: 'store' | 'graph' | 'enrich', port: number): PlatformProcess => ({
    name: `worker-${role}`,
    args: tributary(repoRoot, 'worker', role),
    env: { ...base, TRIBUTARY_METRICS_PORT: String(port) },
    readyUrl: `http://127.0.0.1:${port}/readyz`,
    match: `tributary.js worker ${role}`,
  });
  return [
    {
      name: 'sample-feeds',
      args: [
        `${repoRoot}/libs/fixture-server/src/main.ts`,
        '--port',
        String(PLATFORM_PORTS.samples),
        '--feeds',
        '4',
        '--items',
        '25',
      ],
      env: base,
      readyUrl: `http://127.0.0.1:${PLATFORM_PORTS.samples}/opml`,
      match: 'fixture-server/src/main.ts',
    },
    worker('store', PLATFORM_PORTS.store),
    worker('graph', PLATFORM_PORTS.graph),
    worker('enrich', PLATFORM_PORTS.enrich),
    {
      name: 'operator',
      // One local replica: no Lease to wait for.
      args: tributary(repoRoot, 'operator', '--no-leader-election'),
      env: {
        ...base,
        TRIBUTARY_METRICS_PORT: String(PLATFORM_PORTS.operator),
        TRIBUTARY_INGEST_CONFIGMAP: INGEST_CONFIGMAP,
      },
      readyUrl: `http://127.0.0.1:${PLATFORM_PORTS.operator}/readyz`,
      match: 'tributary.js operator',
    },
    {
      name: 'runner',
      args: tributary(repoRoot, 'runner', '--log-dir', runnerLogDir),
      env: base,
      match: 'tributary.js runner',
    },
    {
      name: 'api',
      args: tributary(repoRoot, 'api'),
      env: {
        ...base,
        TRIBUTARY_HTTP_PORT: String(PLATFORM_PORTS.api),
        TRIBUTARY_PUBLIC_URL: `http://127.0.0.1:${PLATFORM_PORTS.api}`,
        // Persistent dev keys: an API restart does not invalidate every access token.
        TRIBUTARY_JWT_KEYS_FILE: api.jwtKeysFile,
        TRIBUTARY_ADMIN_EMAILS: api.adminEmails,
      },
      readyUrl: `http://127.0.0.1:${PLATFORM_PORTS.api}/ready`,
      match: 'tributary.js api',
    },
  ];
}

/**
 * The ConfigMap ingest jobs take `envFrom`. Local feeds live on loopback, so private networks are
 * allowed; the sample documents are old, so the adaptive schedule (which slows quiet feeds down to
 * daily) is off and every tick of the Feed's interval fetches.
 */
export function ingestConfigMap(namespace: string, natsUrl: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: INGEST_CONFIGMAP, namespace },
    data: {
      NATS_URL: natsUrl,
      TRIBUTARY_NATS_PREFIX: '',
      TRIBUTARY_ALLOW_PRIVATE_NETWORKS: 'true',
      TRIBUTARY_ADAPTIVE_SCHEDULE: 'false',
    },
  };
}

const SAMPLES = [
  { name: 'sample-rss', path: '/feeds/0.rss2', tags: ['sample', 'rss'] },
  { name: 'sample-atom', path: '/feeds/1.atom10', tags: ['sample', 'atom'] },
  { name: 'sample-json', path: '/feeds/2.json11', tags: ['sample', 'json'] },
  { name: 'sample-rdf', path: '/feeds/3.rdf', tags: ['sample', 'rdf'] },
] as const;

/** Sample Feeds pointing at the bundled local feed server, so `tributary up` works offline. */
export function sampleFeeds(namespace: string, samplesUrl: string): Feed[] {
  return SAMPLES.map(
    (s) =>
      ({
        apiVersion: 'tributary.dev/v1alpha1',
        kind: 'Feed',
        metadata: { name: s.name, namespace },
        spec: {
          url: `${samplesUrl}${s.path}`,
          interval: '5m',
          tags: [...s.tags],
          enrich: { entities: true },
        },
      }) as Feed,
  );
}

/** What to run next, printed at the end of `up`; `envCommand` must work in a fresh shell. */
export function nextSteps(stateDir: string, envCommand: string, adminEmails: string): string {
  const api = `http://127.0.0.1:${PLATFORM_PORTS.api}`;
  return `
Tributary is running locally.

  API          ${api}/api/v1   (docs: ${api}/docs, spec: ${api}/openapi.json)
  sample feeds http://127.0.0.1:${PLATFORM_PORTS.samples}/opml
  logs         ${stateDir}/logs/
  admin        register ${adminEmails.split(',')[0]} to get the admin role (when the account is created;
               another email: TRIBUTARY_ADMIN_EMAILS=you@example.org tributary up)

Next:
  # in any shell: puts tributary, kubectl, psql on PATH and points them at this stack
  eval "$(${envCommand})"
  tributary status        # every server and process, with health
  kubectl get feeds -n ${DEMO_NAMESPACE}
  psql "$DATABASE_URL" -c 'select count(*) from items'
  tributary stats
  curl -s ${api}/ready
  tributary down          # stop everything
`;
}
