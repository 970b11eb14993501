/**
 * `tributary api`: wires the real dependencies (Postgres via MikroORM, Kubernetes, Neo4j, NATS,
 * signing keys, login providers) into the app and serves it until shutdown.
 */
import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Driver } from 'neo4j-driver';
import { cachedVerifier, keySourceFromEnv, verifyAccessToken } from '@tributary/auth';
import { AuthStore } from '@tributary/db/auth';
import { DB_DEFAULTS, createOrm } from '@tributary/db';
import { KubeClient } from '@tributary/k8s';
import { createGraphDriver, graphConfigFromEnv } from '@tributary/graph';
import {
  STARTUP_WAIT_MS,
  connectNats,
  drainOrClose,
  natsConfigFromEnv,
  prefixedName,
  workersHealth,
} from '@tributary/events';
import { jetstreamManager } from '@nats-io/jetstream';
import { listen } from '@tributary/http';
import type { RunningServer } from '@tributary/http';
import type { Logger } from '@tributary/log';
import { apiConfigFromEnv } from './config.ts';
import type { ApiConfig } from './config.ts';
import { loadSpec } from './spec.ts';
import { createApiApp } from './app.ts';
import { AuthService } from './auth/service.ts';
import { loginProviders } from './auth/providers.ts';
import { FeedRepository } from './feeds/repository.ts';
import { opmlCodec } from './feeds/opml-codec.ts';
import { PgItemStore } from './items/pg-store.ts';
import { PgStoryStore } from './stories/pg-store.ts';
import { NatsKvRateLimitStore } from './rate-limit/nats-kv-store.ts';
import type { DependencyCheck } from './ops/readiness.ts';
import { workersReporter } from './ops/workers.ts';

export interface ApiServer extends RunningServer {
  config: ApiConfig;
  /** Marks the server not ready, drains in-flight requests, closes connections. */
  shutdown(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  log: Logger;
  /** Tests: validate every response against the spec. */
  validateResponses?: boolean;
}

export async function startApi(o: StartOptions): Promise<ApiServer> {
  const env = o.env ?? process.env;
  const log = o.log;
  const cfg = apiConfigFromEnv(env);
  const databaseUrl = env.DATABASE_URL?.trim();
  if (!databaseUrl) throw new Error('DATABASE_URL is required');

  const keys = await keySourceFromEnv(env, (kid) =>
    log.warn(
      'no signing keys configured: generated an ephemeral key (dev mode; tokens die with this process)',
      {
        kid,
      },
    ),
  );
  const orm = await createOrm(databaseUrl, {
    poolMax: Number(env.TRIBUTARY_DB_POOL_MAX ?? 10),
    waitMs: DB_DEFAULTS.startupWaitMs,
  });
  const store = new AuthStore(orm.em);
  const kube = KubeClient.fromEnvironment();
  const graphCfg = graphConfigFromEnv(env);
  const driver: Driver = createGraphDriver(graphCfg);
  const natsCfg = natsConfigFromEnv(env);
  const nc: NatsConnection = await connectNats(natsCfg, { name: 'tributary-api', waitMs: STARTUP_WAIT_MS });
  const items = new PgItemStore(orm);
  const stories = new PgStoryStore(orm, items);
  const tokens = { issuer: cfg.issuer, audience: cfg.audience };

  let shuttingDown = false;
  const checks: DependencyCheck[] = [
    {
      name: 'postgres',
      required: true,
      check: async () => void (await orm.em.getConnection().execute('select 1')),
    },
    { name: 'nats', required: true, check: async () => void (await nc.flush()) },
    {
      name: 'neo4j',
      required: false,
      check: async () => void (await driver.executeQuery('RETURN 1', {}, { database: graphCfg.database })),
    },
    {
      name: 'kubernetes',
      required: false,
      check: async (signal) => void (await kube.get('/version', { signal })),
    },
  ];

  const jsm = await jetstreamManager(nc);
  const workers = workersReporter(() => workersHealth(jsm, natsCfg.prefix, cfg.workerRoles));

  const { app } = createApiApp({
    log,
    spec: loadSpec(),
    verifyToken: cachedVerifier(async (token) => verifyAccessToken(await keys.current(), tokens, token)),
    auth: new AuthService({ store, keys, tokens, adminEmails: cfg.adminEmails }),
    store,
    keys,
    providers: loginProviders(cfg),
    cookieKey: cfg.cookieKey ? Buffer.from(cfg.cookieKey, 'base64url') : randomBytes(32),
    publicUrl: cfg.publicUrl,
    feeds: new FeedRepository(kube),
    opml: opmlCodec,
    items,
    stories,
    graph: { driver, database: graphCfg.database, labels: graphCfg.labels },
    checks,
    workers,
    shuttingDown: () => shuttingDown,
    rateLimit: {
      windowMs: cfg.rateLimit.windowMs,
      perIp: cfg.rateLimit.perIp,
      perUser: cfg.rateLimit.perUser,
      ...(cfg.rateLimit.store === 'nats'
        ? { store: (name) => new NatsKvRateLimitStore(nc, prefixedName(natsCfg.prefix, 'RATELIMIT'), name) }
        : {}),
    },
    corsOrigins: cfg.corsOrigins,
    trustProxy: cfg.trustProxy,
    validateResponses: o.validateResponses ?? false,
    accessLog: cfg.accessLog,
  });

  const server = await listen(app, cfg.port, cfg.host);
  log.info('api listening', { url: server.url, publicUrl: cfg.publicUrl, keys: keys.description });
  return {
    ...server,
    config: cfg,
    async shutdown() {
      shuttingDown = true;
      await server.close(20_000);
      await Promise.allSettled([orm.close(), driver.close(), drainOrClose(nc)]);
    },
  };
}
