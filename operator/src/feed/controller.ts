/**
 * The Feed controller: informers on Feeds, on the CronJobs we own and on their Jobs (a run's
 * outcome when it could not report over NATS), a rate-limited work queue,
 * and N workers running `reconcileFeed`. Informers run on every replica (a standby keeps a warm
 * cache and reports ready); workers run only while this replica leads.
 */
import type { CronJob, ControllerMetrics, EventRecorder, Job, KubeClient, KubeObject } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { Informer, objectKey, resources, WorkQueue } from '@tributary/k8s';
import { FEED_KIND, feedResource, MANAGED_BY, MANAGED_BY_LABEL } from '@tributary/feed-api';
import type { Logger } from '@tributary/log';
import type { IngestSettings } from '../config.ts';
import type { FailuresGauge } from '../status/failures-metric.ts';
import { isFinished } from './job-status.ts';
import { JobIndex, ownerCronJob } from './job-index.ts';
import { reconcileFeed } from './reconcile.ts';
import type { FetchQueue } from './pooled.ts';

export const CONTROLLER_NAME = 'feed';

export interface FeedControllerOptions {
  client: KubeClient;
  namespaces: string[];
  workers: number;
  ingest: IngestSettings;
  startRuns?: boolean;
  recorder: Pick<EventRecorder, 'event'>;
  metrics: ControllerMetrics;
  log: Logger;
  resyncMs: number;
  watchdogMs?: number;
  /** Publishes feed.deleted and says which stores have not purged it yet. */
  purgeFeed(feed: Feed): Promise<{ pending: string[] }>;
  /** tributary_feed_consecutive_failures, for runs that failed before they could report. */
  failures?: FailuresGauge;
  /** The FETCHES work queue (ingest.mode=pooled). */
  fetchQueue?: FetchQueue;
}

/** Several namespace-scoped informers behaving as one cache (or one cluster-wide informer). */
class Caches<T extends KubeObject> {
  readonly informers: Informer<T>[];
  constructor(informers: Informer<T>[]) {
    this.informers = informers;
  }
  get(key: string): T | undefined {
    for (const i of this.informers) {
      const v = i.get(key);
      if (v) return v;
    }
    return undefined;
  }
  list(): T[] {
    return this.informers.flatMap((i) => i.list());
  }
  synced(): boolean {
    return this.informers.every((i) => i.hasSynced());
  }
}

export class FeedController {
  readonly feeds: Caches<Feed & KubeObject>;
  readonly cronJobs: Caches<CronJob>;
  readonly jobs: Caches<Job>;
  readonly jobIndex = new JobIndex();
  private queue: WorkQueue | undefined;
  private readonly o: FeedControllerOptions;

  constructor(o: FeedControllerOptions) {
    this.o = o;
    const scopes = o.namespaces.length > 0 ? o.namespaces : [undefined];
    const common = {
      client: o.client,
      resyncMs: o.resyncMs,
      ...(o.watchdogMs ? { watchdogMs: o.watchdogMs } : {}),
      onError: (err: unknown) => o.log.error('informer handler failed', { err }),
    };
    const enqueue = (key: string) => this.queue?.add(key);
    const ownerKey = (cj: CronJob) => {
      const owner = cj.metadata.ownerReferences?.find((r) => r.kind === FEED_KIND && r.controller);
      if (owner) enqueue(`${cj.metadata.namespace}/${owner.name}`);
    };
    // A Job → its CronJob (cache) → the Feed that owns it.
    const jobOwner = (job: Job) => {
      const cj = ownerCronJob(job);
      const owner = cj && this.cronJobs.get(`${job.metadata.namespace}/${cj}`);
      if (owner) ownerKey(owner);
    };
    this.feeds = new Caches(
      scopes.map(
        (namespace) =>
          new Informer<Feed & KubeObject>({
            ...common,
            resource: feedResource,
            namespace,
            handlers: {
              add: (f) => enqueue(objectKey(f)),
              update: (_o, f) => enqueue(objectKey(f)),
              delete: (f) => {
                // Pooled: its queued fetches must not run (a Retain-policy Feed has no finalizer).
                o.fetchQueue
                  ?.purge(f.metadata.uid ?? '')
                  .catch((err: unknown) =>
                    o.log.warn('could not drop the queued fetches of a deleted feed', { err }),
                  );
                enqueue(objectKey(f));
              },
            },
            onRestart: (reason, err) => this.restarted('feeds', reason, err),
          }),
      ),
    );
    this.cronJobs = new Caches(
      scopes.map(
        (namespace) =>
          new Informer<CronJob>({
            ...common,
            resource: resources.cronJobs,
            namespace,
            labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}`,
            // The CronJob controller writes status on every run: only spec/metadata drift matters,
            // and a periodic resync of Feeds already covers everything.
            resyncMs: 0,
            handlers: {
              add: ownerKey,
              update: (o, n) => o.metadata.generation !== n.metadata.generation && ownerKey(n),
              delete: ownerKey,
            },
            onRestart: (reason, err) => this.restarted('cronjobs', reason, err),
          }),
      ),
    );
    this.jobs = new Caches(
      scopes.map(
        (namespace) =>
          new Informer<Job>({
            ...common,
            resource: resources.jobs,
            namespace,
            labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}`,
            resyncMs: 0,
            handlers: {
              add: (j) => {
                this.jobIndex.set(j);
                jobOwner(j);
              },
              // Only a run starting or finishing matters (not every pod count change).
              update: (o, n) => {
                this.jobIndex.set(n);
                if (isFinished(o) !== isFinished(n)) jobOwner(n);
              },
              delete: (j) => {
                this.jobIndex.delete(j);
                jobOwner(j);
              },
            },
            onRestart: (reason, err) => this.restarted('jobs', reason, err),
          }),
      ),
    );
  }

  private all(): Informer<KubeObject>[] {
    return [
      ...this.feeds.informers,
      ...this.cronJobs.informers,
      ...this.jobs.informers,
    ] as Informer<KubeObject>[];
  }

  private restarted(resource: string, reason: string, err?: unknown): void {
    this.o.metrics.watchRestarts.inc({ resource, reason });
    if (reason === 'timeout') this.o.log.debug('watch restarted', { resource, reason });
    else
      this.o.log.warn('watch restarted', {
        resource,
        reason,
        error: err instanceof Error ? err.message : err,
      });
  }

  /** Runs the informers until `signal` aborts. */
  runInformers(signal: AbortSignal): Promise<void> {
    return Promise.all(this.all().map((i) => i.run(signal))).then(() => undefined);
  }

  async waitForSync(signal: AbortSignal): Promise<void> {
    await Promise.all(this.all().map((i) => i.waitForSync(signal)));
  }

  synced(): boolean {
    return this.feeds.synced() && this.cronJobs.synced() && this.jobs.synced();
  }

  /**
   * Reconciles with N workers until `signal` aborts (leadership lost or shutdown), then stops
   * taking work and waits for in-flight reconciles.
   */
  async runWorkers(signal: AbortSignal): Promise<void> {
    const queue = new WorkQueue({ metrics: this.o.metrics.queue(CONTROLLER_NAME) });
    this.queue = queue;
    // Leadership may already be over (a stop right after start): never wait on a dead signal.
    if (signal.aborted) queue.shutdown();
    else signal.addEventListener('abort', () => queue.shutdown(), { once: true });
    await this.waitForSync(signal);
    for (const f of this.feeds.list()) queue.add(objectKey(f));
    this.o.metrics.maxConcurrentReconciles.set({ controller: CONTROLLER_NAME }, this.o.workers);
    await Promise.all(Array.from({ length: this.o.workers }, () => this.worker(queue)));
    await queue.shutdownWithDrain();
    if (this.queue === queue) this.queue = undefined;
  }

  private async worker(queue: WorkQueue): Promise<void> {
    const m = this.o.metrics;
    const labels = { controller: CONTROLLER_NAME };
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      m.activeWorkers.inc(labels);
      const end = m.reconcileTime.startTimer(labels);
      try {
        const res = await reconcileFeed(key, {
          client: this.o.client,
          feeds: this.feeds,
          cronJobs: this.cronJobs,
          jobs: this.jobIndex,
          recorder: this.o.recorder,
          ingest: this.o.ingest,
          ...(this.o.startRuns === false ? { startRuns: false } : {}),
          purgeFeed: this.o.purgeFeed,
          ...(this.o.failures ? { failures: this.o.failures } : {}),
          ...(this.o.fetchQueue ? { fetchQueue: this.o.fetchQueue } : {}),
        });
        queue.forget(key);
        if (res.requeueAfterMs !== undefined) {
          queue.addAfter(key, res.requeueAfterMs);
          m.reconcileTotal.inc({ ...labels, result: 'requeue_after' });
        } else m.reconcileTotal.inc({ ...labels, result: 'success' });
        if (res.wrote.length > 0) this.o.log.debug('reconciled', { key, wrote: res.wrote });
      } catch (err) {
        m.reconcileTotal.inc({ ...labels, result: 'error' });
        m.reconcileErrors.inc(labels);
        this.o.log.warn('reconcile failed; backing off', {
          key,
          requeues: queue.numRequeues(key),
          error: err instanceof Error ? err.message : String(err),
        });
        queue.addRateLimited(key);
      } finally {
        end();
        m.activeWorkers.dec(labels);
        queue.done(key);
      }
    }
  }
}
