/**
 * What `tributary up` installs, as data (pure): the release on the local node, the demo namespace
 * and its sample Feeds, who becomes admin, and what to try next.
 */
import type { Feed } from '@tributary/feed-api';

/** The release and its namespace on the local node. */
export const PLATFORM_RELEASE = 'tributary';
export const PLATFORM_NAMESPACE = 'tributary';
/** Where the sample Feeds live (a Feed namespace of the release). */
export const DEMO_NAMESPACE = 'tributary-demo';
/** Registering this email on the local API gives the admin role (unless TRIBUTARY_ADMIN_EMAILS says otherwise). */
export const LOCAL_ADMIN_EMAIL = 'admin@tributary.local';

/** Who becomes admin on the local API: the caller's TRIBUTARY_ADMIN_EMAILS, else the local admin. */
export function localAdminEmails(env: NodeJS.ProcessEnv): string[] {
  const given = (env.TRIBUTARY_ADMIN_EMAILS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return given.length > 0 ? given : [LOCAL_ADMIN_EMAIL];
}

/** The chart's sample feed server (dev.samples) as the release's pods reach it. */
export const samplesUrl = (release: string, namespace: string): string =>
  `http://${release}-samples.${namespace}.svc:8080`;

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
export function nextSteps(o: { ingressUrl: string; envCommand: string; adminEmails: string[] }): string {
  const api = o.ingressUrl;
  const ns = PLATFORM_NAMESPACE;
  return `
Tributary runs on the local node (release ${PLATFORM_RELEASE} in namespace ${ns}).

  API          ${api}/api/v1   (docs: ${api}/docs, spec: ${api}/openapi.json)
  admin        register ${o.adminEmails[0]} to get the admin role (when the account is created;
               another email: TRIBUTARY_ADMIN_EMAILS=you@example.org make up)

Next:
  # in any shell: puts tributary, kubectl and helm on PATH and points them at this cluster
  eval "$(${o.envCommand})"
  kubectl get pods -n ${ns}
  kubectl get feeds -n ${DEMO_NAMESPACE}
  tributary feed run ${DEMO_NAMESPACE}/sample-rss --wait
  kubectl exec -n ${ns} statefulset/${PLATFORM_RELEASE}-postgres -- psql -U tributary -c 'select count(*) from items'
  curl -s ${api}/openapi.json | head -c 200
  make down               # uninstall and stop the cluster
`;
}
