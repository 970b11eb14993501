/**
 * Cluster credentials without loading @kubernetes/client-node: its KubeConfig imports the whole
 * generated API (≈90 MB RSS and seconds of startup), more than the operator's entire budget. This
 * reads a kubeconfig (tokens, token files, client certificates, CA, insecure-skip-tls-verify) or
 * the in-cluster service account; anything needing exec/auth-provider plugins falls back to
 * client-node's KubeConfig, loaded only then.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { KubeConfig } from '@kubernetes/client-node';

export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

/** What a request needs: where, which headers (refreshed), over which TLS dispatcher. */
export interface ClusterAuth {
  server: string;
  headers(): Promise<Record<string, string>>;
  dispatcher: Dispatcher | undefined;
}

interface RawKubeconfig {
  'current-context'?: string;
  clusters?: { name: string; cluster: Record<string, unknown> }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster: string; user: string } }[];
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Bound service-account tokens rotate (hourly); re-read the file this often. */
const TOKEN_REREAD_MS = 60_000;

function agent(tls: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean }): Dispatcher {
  // keepAlive + 30 s initial delay as client-go; connections are reused across requests.
  return new Agent({ connect: { ...tls, keepAlive: true, keepAliveInitialDelay: 30_000 }, connections: 64 });
}

function fileOrData(base: string, obj: Record<string, unknown>, key: string): Buffer | undefined {
  const data = obj[`${key}-data`];
  if (typeof data === 'string') return Buffer.from(data, 'base64');
  const file = obj[key];
  if (typeof file === 'string') return readFileSync(isAbsolute(file) ? file : join(base, file));
  return undefined;
}

function tokenSource(read: () => string): () => Promise<Record<string, string>> {
  let cached = '';
  let at = 0;
  return async () => {
    if (!cached || Date.now() - at > TOKEN_REREAD_MS) {
      cached = read().trim();
      at = Date.now();
    }
    return { authorization: `Bearer ${cached}` };
  };
}

export function inClusterAuth(): ClusterAuth | undefined {
  const host = process.env.KUBERNETES_SERVICE_HOST;
  const port = process.env.KUBERNETES_SERVICE_PORT;
  if (!host || !port || !existsSync(join(SA_DIR, 'token'))) return undefined;
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    headers: tokenSource(() => readFileSync(join(SA_DIR, 'token'), 'utf8')),
    dispatcher: agent({ ca: readFileSync(join(SA_DIR, 'ca.crt')) }),
  };
}

/** Parses one kubeconfig file; users needing exec/auth-provider plugins go through client-node. */
export function kubeconfigAuth(path: string): ClusterAuth {
  const raw = parse(readFileSync(path, 'utf8')) as RawKubeconfig;
  const ctxName = raw['current-context'];
  const ctx = raw.contexts?.find((c) => c.name === ctxName)?.context;
  if (!ctx) throw new KubeconfigError(`${path}: current-context ${JSON.stringify(ctxName)} not found`);
  const cluster = raw.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
  const user = raw.users?.find((u) => u.name === ctx.user)?.user ?? {};
  if (!cluster || typeof cluster.server !== 'string')
    throw new KubeconfigError(`${path}: cluster ${ctx.cluster} has no server`);
  if (user.exec || user['auth-provider'] || cluster['proxy-url']) return pluginAuth(path, cluster.server);
  const base = dirname(path);
  const tls = {
    ca: fileOrData(base, cluster, 'certificate-authority'),
    cert: fileOrData(base, user, 'client-certificate'),
    key: fileOrData(base, user, 'client-key'),
    ...(cluster['insecure-skip-tls-verify'] === true ? { rejectUnauthorized: false } : {}),
  };
  let headers: () => Promise<Record<string, string>> = async () => ({});
  if (typeof user.token === 'string') headers = tokenSource(() => user.token as string);
  else if (typeof user.tokenFile === 'string')
    headers = tokenSource(() => readFileSync(user.tokenFile as string, 'utf8'));
  else if (typeof user.username === 'string') {
    const basic = Buffer.from(`${user.username}:${String(user.password ?? '')}`).toString('base64');
    headers = async () => ({ authorization: `Basic ${basic}` });
  }
  const server = cluster.server.replace(/\/$/, '');
  const needsAgent =
    server.startsWith('https:') && (tls.ca || tls.cert || tls.key || tls.rejectUnauthorized === false);
  return { server, headers, dispatcher: needsAgent ? agent(tls) : undefined };
}

/** Through client-node (exec plugins, auth providers, proxies): loaded only when needed. */
export function kubeConfigAuth(kc: KubeConfig): ClusterAuth {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubeconfigError('kubeconfig has no current cluster');
  let dispatcher: Dispatcher | undefined;
  const auth: ClusterAuth = {
    server: cluster.server.replace(/\/$/, ''),
    dispatcher: undefined,
    headers: async () => {
      const { RequestContext, HttpMethod } = await import('@kubernetes/client-node');
      const ctx = new RequestContext(cluster.server, HttpMethod.GET);
      await kc.applySecurityAuthentication(ctx);
      // Keep the first dispatcher: client-node builds a new TLS agent per call (no connection reuse).
      dispatcher ??= ctx.getDispatcher() as Dispatcher | undefined;
      auth.dispatcher = dispatcher;
      return Object.fromEntries(Object.entries(ctx.getHeaders()).map(([k, v]) => [k, String(v)]));
    },
  };
  return auth;
}

/** client-node's KubeConfig for plugin-based credentials, imported on the first request. */
function pluginAuth(path: string, server: string): ClusterAuth {
  let inner: Promise<ClusterAuth> | undefined;
  const auth: ClusterAuth = {
    server: server.replace(/\/$/, ''),
    dispatcher: undefined,
    headers: async () => {
      inner ??= import('@kubernetes/client-node').then(({ KubeConfig }) => {
        const kc = new KubeConfig();
        kc.loadFromFile(path);
        return kubeConfigAuth(kc);
      });
      const a = await inner;
      const headers = await a.headers();
      auth.dispatcher = a.dispatcher;
      return headers;
    },
  };
  return auth;
}

/** $KUBECONFIG (first existing file of the list) or ~/.kube/config, else in-cluster. */
export function clusterAuthFromEnvironment(kubeconfigPath?: string): ClusterAuth {
  const candidates = kubeconfigPath
    ? [kubeconfigPath]
    : [
        ...(process.env.KUBECONFIG ?? '').split(delimiter).filter(Boolean),
        join(process.env.HOME ?? homedir(), '.kube', 'config'),
      ];
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    const inCluster = inClusterAuth();
    if (inCluster) return inCluster;
    throw new KubeconfigError(
      'no kubeconfig found ($KUBECONFIG, ~/.kube/config) and not running in a cluster',
    );
  }
  return kubeconfigAuth(path);
}
