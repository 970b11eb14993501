/** Shared helpers of the operator's integration tests (real apiserver from the testkit stack). */
import type { CronJob, KubeClient } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { applyObject, getIfExists, listAll, resources } from '@tributary/k8s';
import { FEED_API_VERSION, feedResource } from '@tributary/feed-api';
import { createLogger } from '@tributary/log';
import { operatorConfigFromEnv } from '../src/config.ts';
import type { OperatorConfig } from '../src/config.ts';

export const log = createLogger('operator-test');

export { waitFor } from '@tributary/testkit';

/** Operator settings for a test: one namespace, an ephemeral metrics port, the Lease in that namespace. */
export function testConfig(namespace: string, over: Partial<OperatorConfig> = {}): OperatorConfig {
  return {
    ...operatorConfigFromEnv({}),
    namespaces: [namespace],
    metricsPort: 0,
    leaseNamespace: namespace,
    identity: `test-${process.pid}-${Math.random().toString(36).slice(2, 7)}`,
    ...over,
  };
}

export function feedManifest(namespace: string, name: string, spec: Record<string, unknown>): Feed {
  return {
    apiVersion: FEED_API_VERSION,
    kind: 'Feed',
    metadata: { name, namespace },
    spec: spec as Feed['spec'],
  };
}

/** What `kubectl apply --server-side` does, as the test's own field manager. */
export function applyFeed(
  client: KubeClient,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
): Promise<Feed> {
  return applyObject(client, feedResource, feedManifest(namespace, name, spec) as never, {
    fieldManager: 'kubectl-test',
    force: true,
  });
}

export const getFeed = (c: KubeClient, ns: string, name: string) =>
  getIfExists<Feed>(c, feedResource, ns, name);
export const getCronJob = (c: KubeClient, ns: string, name: string) =>
  getIfExists<CronJob>(c, resources.cronJobs, ns, name);

export async function listEvents(
  c: KubeClient,
  ns: string,
): Promise<
  { reason: string; type: string; message: string; count: number; involvedObject: { name: string } }[]
> {
  return (
    await listAll<{
      reason: string;
      type: string;
      message: string;
      count: number;
      involvedObject: { name: string };
    }>(c, resources.events, { namespace: ns })
  ).items;
}

export function readyCondition(feed: Feed | undefined) {
  return feed?.status?.conditions?.find((c) => c.type === 'Ready');
}

/** Sums a counter from a Prometheus text exposition, over series matching `labels`. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export async function scrape(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  return res.text();
}
