/** Test fixtures shared by the feed unit tests (not used at run time). */
import type { PodTermination } from './runs.ts';

/** A pod whose ingest container terminated as given. */
export function terminatedPod(terminated: {
  exitCode: number;
  reason?: string;
  message?: string;
}): PodTermination {
  return { status: { containerStatuses: [{ name: 'ingest', state: { terminated } }] } };
}
