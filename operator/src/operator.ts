/**
 * `startOperator`: the composition of the Feed operator — CRD applied server-side, informers,
 * leader election, the controller's workers and the status feedback consumer (leader only),
 * probes and metrics, and a graceful stop (stop taking work, finish in-flight, release the Lease).
 */
import type { Logger } from '@tributary/log';
import type { NatsConfig } from '@tributary/events';
import type { KubeClient } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import {
  applyObject,
  createControllerMetrics,
  EventRecorder,
  getObject,
  LeaderElector,
  resources,
  sleep,
} from '@tributary/k8s';
import { FEED_CRD_NAME, feedCrd, FIELD_MANAGER } from '@tributary/feed-api';
import type { OperatorConfig } from './config.ts';
import { FeedController } from './feed/controller.ts';
import { NatsLink } from './nats.ts';
import { feedFailuresGauge } from './status/failures-metric.ts';
import { serveProbes } from '@tributary/http/probes';
import type { ProbeServer } from '@tributary/http/probes';

export interface OperatorHandle {
  controller: FeedController;
  metricsPort: number;
  isLeader(): boolean;
  /** Stops gracefully; resolves when everything is shut down. */
  stop(): Promise<void>;
  /** Resolves when the operator stopped (after stop() or a fatal error). */
  done: Promise<void>;
}

export interface StartOperatorOptions {
  client: KubeClient;
  config: OperatorConfig;
  nats: NatsConfig;
  log: Logger;
  /** Informer watchdog override (tests shorten it). */
  watchdogMs?: number;
}

/** Applies the Feed CRD server-side and waits until the apiserver serves it (Established). */
export async function applyFeedCrd(client: KubeClient, timeoutMs = 30_000): Promise<void> {
  await applyObject(client, resources.crds, structuredClone(feedCrd) as never, {
    fieldManager: FIELD_MANAGER,
    force: true,
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const crd = await getObject<{ status?: { conditions?: { type: string; status: string }[] } }>(
      client,
      resources.crds,
      undefined,
      FEED_CRD_NAME,
    );
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    if (Date.now() > deadline) throw new Error(`CRD ${FEED_CRD_NAME} not established after ${timeoutMs} ms`);
    await sleep(200);
  }
}

export async function startOperator(o: StartOperatorOptions): Promise<OperatorHandle> {
  const { client, config, log } = o;
  const metrics = createControllerMetrics();
  metrics.instrumentClient(client);
  if (config.applyCrd) {
    await applyFeedCrd(client);
    log.info('applied CRD feeds.tributary.dev (server-side)');
  }
  const stopping = new AbortController();
  const recorder = new EventRecorder({
    client,
    component: 'tributary-operator',
    instance: config.identity,
    onError: (err) =>
      log.warn('event write failed', { error: err instanceof Error ? err.message : String(err) }),
  });
  const nats = new NatsLink(o.nats);
  const controller = new FeedController({
    client,
    namespaces: config.namespaces,
    workers: config.workers,
    ingest: config.ingest,
    startRuns: config.startRuns,
    recorder,
    metrics,
    log,
    resyncMs: config.resyncMs,
    ...(o.watchdogMs ? { watchdogMs: o.watchdogMs } : {}),
    purgeFeed: (feed: Feed) => nats.purgeFeed(feed, config.purgeConsumers),
    failures: feedFailuresGauge(metrics.registry),
    ...(config.ingest.mode === 'pooled' ? { fetchQueue: nats.fetchQueue() } : {}),
  });
  let leading = false;
  let probes: ProbeServer | undefined;
  probes = await serveProbes({
    port: config.metricsPort,
    registry: metrics.registry,
    live: () => true,
    ready: () => !stopping.signal.aborted && controller.synced(),
  });
  const informers = controller.runInformers(stopping.signal);

  /** The leader's work: reconcile workers + status feedback, until leadership ends. */
  const lead = async (signal: AbortSignal) => {
    leading = true;
    metrics.leader.set({ name: config.leaseName }, 1);
    log.info('leading: starting workers', { identity: config.identity, workers: config.workers });
    const feedback = config.statusFeedback ? runFeedback(signal) : Promise.resolve();
    await controller.runWorkers(signal);
    await feedback;
    leading = false;
    metrics.leader.set({ name: config.leaseName }, 0);
    log.info('stopped leading', { identity: config.identity });
  };

  const runFeedback = async (signal: AbortSignal) => {
    // NATS may come up later than the operator: keep trying while leading.
    while (!signal.aborted) {
      try {
        const nc = await nats.connection();
        // Loaded lazily: the consumer stack (and NATS) is only needed by the leader.
        const { runStatusFeedback } = await import('./status/writer.ts');
        await runStatusFeedback({
          nc,
          prefix: o.nats.prefix,
          client,
          feeds: controller.feeds,
          recorder,
          log,
          signal,
          registry: metrics.registry,
        });
      } catch (err) {
        log.warn('status feedback consumer stopped; retrying', {
          error: err instanceof Error ? err.message : String(err),
        });
      }
      if (!signal.aborted) await new Promise((r) => setTimeout(r, 2000));
    }
  };

  let elector: LeaderElector | undefined;
  const work = config.leaderElection
    ? (elector = new LeaderElector({
        client,
        namespace: config.leaseNamespace,
        name: config.leaseName,
        identity: config.identity,
        onStartedLeading: lead,
        onNewLeader: (id) => log.info('leader observed', { leader: id }),
        onError: (err) =>
          log.warn('leader election', { error: err instanceof Error ? err.message : String(err) }),
      })).run(stopping.signal)
    : lead(stopping.signal);

  const done = (async () => {
    await work;
    await informers;
    await recorder.close();
    await nats.close();
    await probes?.close();
    probes = undefined;
  })();

  return {
    controller,
    metricsPort: probes.port,
    isLeader: () => (elector ? elector.leading && leading : leading),
    stop: async () => {
      stopping.abort();
      await done;
    },
    done,
  };
}
