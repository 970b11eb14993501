/**
 * Jobs by the CronJob that owns them (fed by the Job informer's handlers), so a reconcile finds a
 * Feed's runs without scanning every Job in the cache.
 */
import type { Job } from '@tributary/k8s';

export function ownerCronJob(job: Job): string | undefined {
  return job.metadata.ownerReferences?.find((r) => r.kind === 'CronJob' && r.controller)?.name;
}

export class JobIndex {
  private readonly byCronJob = new Map<string, Map<string, Job>>();

  private static key(namespace: string | undefined, cronJob: string): string {
    return `${namespace ?? 'default'}/${cronJob}`;
  }

  set(job: Job): void {
    const cj = ownerCronJob(job);
    if (!cj) return;
    const k = JobIndex.key(job.metadata.namespace, cj);
    let m = this.byCronJob.get(k);
    if (!m) this.byCronJob.set(k, (m = new Map()));
    m.set(job.metadata.name, job);
  }

  delete(job: Job): void {
    const cj = ownerCronJob(job);
    if (!cj) return;
    const k = JobIndex.key(job.metadata.namespace, cj);
    const m = this.byCronJob.get(k);
    m?.delete(job.metadata.name);
    if (m?.size === 0) this.byCronJob.delete(k);
  }

  forCronJob(namespace: string, cronJob: string): Job[] {
    return [...(this.byCronJob.get(JobIndex.key(namespace, cronJob))?.values() ?? [])];
  }
}
