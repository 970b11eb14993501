/**
 * The desired CronJob for a Feed: a pure function of the Feed and the operator's ingest settings.
 * The job runs `tributary ingest --feed NS/NAME` (args only, so the image's entrypoint stays in
 * front — docs/configuration.md) with the ingest job contract's env.
 */
import { createHash } from 'node:crypto';
import type { V1Container, V1EnvVar } from '@kubernetes/client-node';
import type { CronJob } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import {
  cronJobName,
  FEED_API_VERSION,
  FEED_KIND,
  FEED_LABEL,
  MANAGED_BY,
  MANAGED_BY_LABEL,
} from '@tributary/feed-api';
import type { IngestSettings } from '../config.ts';

export const SPEC_HASH_ANNOTATION = 'tributary.dev/spec-hash';

/** Bounds the CronJob controller needs; each with its reason. */
export const JOB_DEFAULTS = {
  /** Skip a run rather than start it late after an operator/controller outage. */
  startingDeadlineSeconds: 300,
  successfulJobsHistoryLimit: 1,
  failedJobsHistoryLimit: 3,
  /** The ingestor handles upstream errors itself (exit 0); a retry covers internal failures only. */
  backoffLimit: 1,
  /** Headroom over the HTTP timeout for parsing and publishing. */
  extraDeadlineSeconds: 120,
} as const;

function shortHash(s: string, n = 8): string {
  return createHash('sha256').update(s).digest('hex').slice(0, n);
}

/** Label values are limited to 63 characters. */
function labelValue(v: string): string {
  return v.length <= 63 ? v : `${v.slice(0, 54).replace(/[-_.]+$/, '')}-${shortHash(v)}`;
}

/** JSON with object keys sorted, so equal specs always give the same env string. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** TRIBUTARY_FEED: the ingest job's view of the Feed. */
export function feedEnvValue(feed: Feed): string {
  return canonicalJson({
    uid: feed.metadata.uid,
    namespace: feed.metadata.namespace,
    name: feed.metadata.name,
    generation: feed.metadata.generation,
    spec: feed.spec,
  });
}

export function feedLabels(feed: Feed): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [FEED_LABEL]: labelValue(feed.metadata.name),
    'app.kubernetes.io/name': 'tributary',
    'app.kubernetes.io/component': 'ingest',
  };
}

function container(feed: Feed, ingest: IngestSettings): V1Container {
  const env: V1EnvVar[] = [{ name: 'TRIBUTARY_FEED', value: feedEnvValue(feed) }];
  const secret = feed.spec.fetch?.headersSecretRef;
  if (secret) {
    env.push({
      name: 'TRIBUTARY_FEED_HEADERS',
      valueFrom: { secretKeyRef: { name: secret.name, key: secret.key ?? 'headers' } },
    });
  }
  return {
    name: 'ingest',
    image: ingest.image,
    imagePullPolicy: ingest.imagePullPolicy,
    args: ['ingest', '--feed', `${feed.metadata.namespace}/${feed.metadata.name}`],
    env,
    // optional: a missing ConfigMap must not wedge the job; the ingestor then uses its defaults.
    envFrom: [{ configMapRef: { name: ingest.configMap, optional: true } }],
    resources: ingest.resources,
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    // A run that fails before it can report over NATS leaves its last log line (the ingestor's
    // one-line JSON error) as the termination message: the operator puts it in status.lastError.
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

/** The CronJob for `feed` (schedule already validated and interval already turned into cron). */
export function desiredCronJob(feed: Feed, schedule: string, ingest: IngestSettings): CronJob {
  const labels = feedLabels(feed);
  const timeoutSeconds = feed.spec.fetch?.timeoutSeconds ?? 20;
  const cj: CronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: cronJobName(feed.metadata.name),
      namespace: feed.metadata.namespace ?? 'default',
      labels,
      annotations: {},
      ownerReferences: [
        {
          apiVersion: FEED_API_VERSION,
          kind: FEED_KIND,
          name: feed.metadata.name,
          uid: feed.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        } as { apiVersion: string; kind: string; name: string; uid: string; controller: boolean },
      ],
    },
    spec: {
      schedule,
      timeZone: 'Etc/UTC',
      suspend: feed.spec.suspend ?? false,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: JOB_DEFAULTS.startingDeadlineSeconds,
      successfulJobsHistoryLimit: JOB_DEFAULTS.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: JOB_DEFAULTS.failedJobsHistoryLimit,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: JOB_DEFAULTS.backoffLimit,
          activeDeadlineSeconds: timeoutSeconds + JOB_DEFAULTS.extraDeadlineSeconds,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              serviceAccountName: ingest.serviceAccount,
              automountServiceAccountToken: false,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 65532,
                runAsGroup: 65532,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              containers: [container(feed, ingest)],
              volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
            },
          },
        },
      },
    },
  };
  // The hash of everything above detects changes the observed-state subset check cannot (a field
  // we stopped setting), so an edit always re-applies.
  (cj.metadata.annotations as Record<string, string>)[SPEC_HASH_ANNOTATION] = shortHash(
    canonicalJson(cj),
    16,
  );
  return cj;
}
