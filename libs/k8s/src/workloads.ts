/**
 * batch/v1 CronJob and Job shapes as they travel as JSON (timestamps are strings), with the
 * fields Tributary reads and writes; pod template details reuse client-node's model types.
 */
import type { V1PodSpec } from '@kubernetes/client-node';
import type { KubeObject } from './objects.ts';

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: V1PodSpec;
}

export interface JobSpec {
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  template: PodTemplate;
}

export interface JobStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
  startTime?: string;
  completionTime?: string;
  conditions?: {
    type: string;
    status: string;
    reason?: string;
    message?: string;
    lastTransitionTime?: string;
  }[];
}

export interface Job extends KubeObject {
  apiVersion?: 'batch/v1';
  kind?: 'Job';
  spec: JobSpec;
  status?: JobStatus;
}

export interface CronJobSpec {
  schedule: string;
  timeZone?: string;
  suspend?: boolean;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec: JobSpec;
  };
}

export interface CronJob extends KubeObject {
  apiVersion?: 'batch/v1';
  kind?: 'CronJob';
  spec: CronJobSpec;
  status?: {
    active?: { name?: string; namespace?: string; uid?: string }[];
    lastScheduleTime?: string;
    lastSuccessfulTime?: string;
  };
}

export const CREATED_BY_ANNOTATION = 'cronjob.kubernetes.io/instantiate';

/**
 * A Job from a CronJob's template, owned by the CronJob — what `kubectl create job --from=cronjob/X`
 * does (`instantiate: manual`) and what a schedule firing creates (`scheduledTime`).
 */
export function jobFromCronJob(
  cronJob: CronJob,
  opts: { name: string; manual?: boolean; scheduledTime?: Date; extraArgs?: string[] },
): Job {
  const tpl = cronJob.spec.jobTemplate;
  const annotations: Record<string, string> = { ...(tpl.metadata?.annotations ?? {}) };
  if (opts.manual) annotations[CREATED_BY_ANNOTATION] = 'manual';
  if (opts.scheduledTime)
    annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'] = opts.scheduledTime.toISOString();
  const spec: JobSpec = structuredClone(tpl.spec);
  if (opts.extraArgs?.length) {
    for (const c of spec.template.spec.containers) c.args = [...(c.args ?? []), ...opts.extraArgs];
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: opts.name,
      namespace: cronJob.metadata.namespace ?? 'default',
      labels: { ...(tpl.metadata?.labels ?? {}) },
      annotations,
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cronJob.metadata.name,
          uid: cronJob.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        } as { apiVersion: string; kind: string; name: string; uid: string; controller: boolean },
      ],
    },
    spec,
  };
}
