/**
 * Starts the real API against the shared local stack (isolated database, namespace, NATS prefix and
 * Neo4j labels per suite) with response validation on, plus a small typed HTTP client.
 */
import { useStack, waitFor, freePort } from '@tributary/testkit';
// Re-exported for the suites that import it from here.
export { freePort } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { generateSigningJwk } from '@tributary/auth';
import { createOrm, migrateUp } from '@tributary/db';
import { KubeClient, applyObject, resources, resourcePath } from '@tributary/k8s';
import { feedCrd, FIELD_MANAGER, feedResource } from '@tributary/feed-api';
import { createLogger } from '@tributary/log';
import { startApi } from '../src/server.ts';
import type { ApiServer } from '../src/server.ts';

export const log = createLogger('api-test');

export { waitFor };

/** Installs the Feed CRD (same field manager as the operator, so neither fights the other). */
export async function ensureFeedCrd(kube: KubeClient, namespace: string): Promise<void> {
  await applyObject(kube, resources.crds, structuredClone(feedCrd) as never, {
    fieldManager: FIELD_MANAGER,
    force: true,
  });
  await waitFor('Feed CRD established', async () => {
    await kube.get(resourcePath(feedResource, { namespace }));
    return true;
  });
}

/** What `tributary migrate` does: every migration, the auth tables included. */
export async function migrate(databaseUrl: string): Promise<void> {
  // Two connections: the migration lock pins one transaction while the migrator runs.
  const orm = await createOrm(databaseUrl, { poolMax: 2 });
  try {
    await migrateUp(orm);
  } finally {
    await orm.close();
  }
}

export interface TestApi {
  stack: StackEnv;
  server: ApiServer;
  url: string;
  namespace: string;
  databaseUrl: string;
  kube: KubeClient;
  adminEmail: string;
  /** The JWKS (private keys) the server signs with: tests forge tokens with bad claims. */
  signingKeys: { keys: unknown[] };
  /** The server's environment (a replica started with it shares every backing service). */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** The API's environment for one suite's isolated slice of the stack. */
export function stackApiEnv(
  stack: StackEnv,
  databaseUrl: string,
  port: number,
  signingKeys: { keys: unknown[] },
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KUBECONFIG: stack.KUBECONFIG,
    DATABASE_URL: databaseUrl,
    NATS_URL: stack.NATS_URL,
    TRIBUTARY_NATS_PREFIX: stack.natsPrefix,
    NEO4J_URL: stack.NEO4J_URL,
    TRIBUTARY_NEO4J_LABEL_PREFIX: stack.neo4jLabelPrefix,
    TRIBUTARY_HTTP_PORT: String(port),
    TRIBUTARY_HTTP_HOST: '127.0.0.1',
    TRIBUTARY_PUBLIC_URL: `http://127.0.0.1:${port}`,
    TRIBUTARY_JWT_KEYS: JSON.stringify(signingKeys),
  };
}

export async function startTestApi(extraEnv: Record<string, string> = {}): Promise<TestApi> {
  const stack = await useStack();
  const databaseUrl = await stack.createDatabase();
  await migrate(databaseUrl);
  const namespace = await stack.createNamespace();
  const kube = KubeClient.fromEnvironment(stack.KUBECONFIG);
  await ensureFeedCrd(kube, namespace);
  const port = extraEnv.TRIBUTARY_HTTP_PORT ? Number(extraEnv.TRIBUTARY_HTTP_PORT) : await freePort();
  const adminEmail = `admin-${stack.id}@example.org`;
  const signingKeys = { keys: [await generateSigningJwk('EdDSA')] };
  const env: NodeJS.ProcessEnv = {
    ...stackApiEnv(stack, databaseUrl, port, signingKeys),
    TRIBUTARY_ADMIN_EMAILS: adminEmail,
    TRIBUTARY_RATE_LIMIT_PER_IP: '100000',
    TRIBUTARY_RATE_LIMIT_PER_USER: '100000',
    TRIBUTARY_ACCESS_LOG: 'false',
    ...extraEnv,
  };
  const server = await startApi({ env, log, validateResponses: true });
  return {
    stack,
    server,
    url: server.url,
    namespace,
    databaseUrl,
    kube,
    adminEmail,
    signingKeys,
    env,
    async close() {
      await server.shutdown();
      await stack.cleanup();
    },
  };
}

/** A second API process-equivalent on the same backing services (another port). */
export async function startReplica(api: TestApi): Promise<ApiServer> {
  const port = await freePort();
  return startApi({ env: { ...api.env, TRIBUTARY_HTTP_PORT: String(port) }, log, validateResponses: true });
}

export interface Res<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Res<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(base + path, {
    method,
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; role: string; email: string; name: string | null };
}

/** Registers a user and, via the bootstrap admin, gives it `role`. */
export async function userWithRole(
  api: TestApi,
  admin: Session,
  role: 'viewer' | 'editor' | 'admin',
  email: string,
): Promise<Session> {
  const reg = await call<Session>(api.url, 'POST', '/api/v1/auth/register', {
    body: { email, password: 'correct horse battery' },
  });
  if (reg.status !== 201) throw new Error(`register ${email}: ${reg.status} ${JSON.stringify(reg.body)}`);
  if (role === 'viewer') return reg.body;
  const upd = await call(api.url, 'PATCH', `/api/v1/users/${reg.body.user.id}`, {
    token: admin.accessToken,
    body: { role },
  });
  if (upd.status !== 200) throw new Error(`set role: ${upd.status}`);
  // The role is a token claim: sign in again to get it.
  const login = await call<Session>(api.url, 'POST', '/api/v1/auth/login', {
    body: { email, password: 'correct horse battery' },
  });
  return login.body;
}

export async function bootstrapAdmin(api: TestApi): Promise<Session> {
  const reg = await call<Session>(api.url, 'POST', '/api/v1/auth/register', {
    body: { email: api.adminEmail, password: 'correct horse battery' },
  });
  if (reg.status !== 201 || reg.body.user.role !== 'admin') throw new Error(`admin bootstrap: ${reg.status}`);
  return reg.body;
}
