/** Whether a Job has finished, and how: its Complete/Failed conditions, as the Job controller sets them. */
import type { Job } from '@tributary/k8s';

export function isFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

export function succeeded(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');
}
