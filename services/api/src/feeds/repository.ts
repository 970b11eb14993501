/**
 * Feed custom resources through the Kubernetes API: the CR is the source of truth, so the API
 * never stores feeds itself. List pagination passes Kubernetes' own `continue` token through.
 */
import { createObject, deleteObject, getObject, mergePatch, resourcePath } from '@tributary/k8s';
import { FEED_API_VERSION, FEED_KIND, feedResource } from '@tributary/feed-api';
import type { KubeClient, KubeObject, ObjectList } from '@tributary/k8s';
import type { Feed, FeedSpec } from '@tributary/feed-api';
import { FeedRunError, triggerFeedRun } from '@tributary/feed-api';
import { HttpProblem } from '@tributary/http';

export interface FeedPage {
  feeds: Feed[];
  continueToken: string | null;
}

export class FeedRepository {
  private readonly kube: KubeClient;

  constructor(kube: KubeClient) {
    this.kube = kube;
  }

  async list(opts: {
    namespace?: string | undefined;
    limit: number;
    continueToken?: string | undefined;
  }): Promise<FeedPage> {
    const page = await this.kube.get<ObjectList<Feed>>(
      resourcePath(feedResource, { namespace: opts.namespace }),
      {
        query: { limit: opts.limit, continue: opts.continueToken },
      },
    );
    return { feeds: page.items ?? [], continueToken: page.metadata.continue || null };
  }

  get(namespace: string, name: string): Promise<Feed> {
    return getObject<Feed>(this.kube, feedResource, namespace, name);
  }

  create(
    namespace: string,
    name: string,
    spec: FeedSpec,
    labels: Record<string, string> = {},
  ): Promise<Feed> {
    const feed: Feed = {
      apiVersion: FEED_API_VERSION,
      kind: FEED_KIND,
      metadata: { name, namespace, labels },
      spec,
    };
    return createObject(this.kube, feedResource, feed as unknown as KubeObject) as unknown as Promise<Feed>;
  }

  /** JSON merge patch on metadata.labels and spec (null deletes a field). */
  patch(namespace: string, name: string, body: { spec?: unknown; labels?: unknown }): Promise<Feed> {
    const patch: Record<string, unknown> = {};
    if (body.spec !== undefined) patch.spec = body.spec;
    if (body.labels !== undefined) patch.metadata = { labels: body.labels };
    return mergePatch<Feed>(this.kube, feedResource, namespace, name, patch);
  }

  async delete(namespace: string, name: string): Promise<boolean> {
    return deleteObject(this.kube, feedResource, namespace, name);
  }

  /**
   * `kubectl create job --from=cronjob/<the feed's CronJob>` (the operator's own `feed run`), forced
   * past the ingestor's schedule and backoff: a person asked for it now.
   */
  async runNow(namespace: string, name: string): Promise<{ namespace: string; jobName: string }> {
    try {
      // Pooled mode: a run request the operator turns into a work item (its name says so).
      const run = await triggerFeedRun(this.kube, namespace, name, { force: true });
      return { namespace, jobName: run.name };
    } catch (err) {
      if (!(err instanceof FeedRunError)) throw err;
      throw err.code === 'not-found'
        ? new HttpProblem('not-found', 'no such feed')
        : new HttpProblem('conflict', err.message);
    }
  }
}
