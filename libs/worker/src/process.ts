import type { NatsConnection } from '@nats-io/nats-core';
import { shutdownSignal } from '@tributary/command';
import { serveProbes } from '@tributary/http/probes';
import { createLogger } from '@tributary/log';
import type { Logger } from '@tributary/log';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { STARTUP_WAIT_MS, connectNats, drainOrClose, natsConfigFromEnv } from '@tributary/events';
import type { TopologyOptions } from '@tributary/events';

/** What a worker role's run function gets: the wiring every `tributary worker …` shares. */
export interface WorkerContext {
  nc: NatsConnection;
  natsPrefix: string;
  /** The deployment's stream settings, for `ensureTopology`. */
  topology: TopologyOptions;
  signal: AbortSignal;
  registry: Registry;
  logger: Logger;
  /** Flips /readyz to 200: call once the consumers are bound. */
  onReady: () => void;
}

export interface WorkerProcessOptions {
  /** Logger component and NATS connection name (`tributary-<component>`). */
  component: string;
  metricsPort: number;
  /** Extra fields for the "starting" log line (settings worth seeing). */
  logFields?: Record<string, unknown>;
  /** The role's consumers; resolves when they stopped after SIGTERM, with run statistics. */
  run: (ctx: WorkerContext) => Promise<unknown>;
  /** Closes the role's own clients (ORM, driver) after NATS drained. */
  close?: () => Promise<void>;
}

/**
 * The lifecycle of one worker process: metrics registry, probe server (/healthz, /readyz, /metrics),
 * NATS connection, the role's consumers until SIGTERM, then not-ready → drain NATS → close clients
 * → close probes. Resolves to the exit code.
 */
export async function runWorkerProcess(o: WorkerProcessOptions): Promise<number> {
  const logger = createLogger(o.component);
  const nats = natsConfigFromEnv();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const signal = shutdownSignal();
  const probes = await serveProbes({ registry, port: o.metricsPort });
  try {
    const nc = await connectNats(nats, { name: `tributary-${o.component}`, waitMs: STARTUP_WAIT_MS });
    try {
      logger.info(`${o.component} starting`, { prefix: nats.prefix, ...o.logFields });
      const stats = await o.run({
        nc,
        natsPrefix: nats.prefix,
        topology: nats.topology ?? {},
        signal,
        registry,
        logger,
        onReady: () => probes.setReady(true),
      });
      logger.info(`${o.component} stopped`, { stats });
      return 0;
    } finally {
      probes.setReady(false);
      await drainOrClose(nc);
    }
  } finally {
    await o.close?.();
    await probes.close();
  }
}
