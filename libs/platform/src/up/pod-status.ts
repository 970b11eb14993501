/**
 * The release's pods as `tributary status` rows (pure): healthy when Ready (or a finished hook),
 * otherwise why not — the waiting reason (ImagePullBackOff, CrashLoopBackOff …) and restarts.
 */
import type { StatusRow } from '@tributary/stack';

export interface PodList {
  items: {
    metadata: { name: string };
    status: {
      phase?: string;
      conditions?: { type: string; status: string }[];
      containerStatuses?: { restartCount: number; state?: { waiting?: { reason?: string } } }[];
    };
  }[];
}

export function podRows(list: PodList, namespace: string): StatusRow[] {
  return list.items.map((pod) => {
    const base = {
      name: `pod/${pod.metadata.name}`,
      logFile: `kubectl logs -n ${namespace} ${pod.metadata.name}`,
    };
    const phase = pod.status.phase ?? 'Unknown';
    if (phase === 'Succeeded') return { ...base, state: 'healthy', detail: 'completed' };
    const containers = pod.status.containerStatuses ?? [];
    const restarts = containers.reduce((n, c) => n + c.restartCount, 0);
    const waiting = containers.map((c) => c.state?.waiting?.reason).find(Boolean);
    const ready = pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    const notes = [waiting ?? (ready ? undefined : phase), restarts > 0 ? `${restarts} restarts` : undefined]
      .filter(Boolean)
      .join(', ');
    if (phase === 'Failed') return { ...base, state: 'dead', detail: notes || 'failed' };
    return ready
      ? { ...base, state: 'healthy', ...(notes ? { detail: notes } : {}) }
      : { ...base, state: 'unhealthy', detail: notes || 'not ready' };
  });
}
