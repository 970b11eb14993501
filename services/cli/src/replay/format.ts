/** The summary `tributary replay` prints (pure). */
import type { ReplayArgs } from './args.ts';
import type { ReplayStreamResult } from './replay.ts';

export function formatReplay(args: ReplayArgs, results: ReplayStreamResult[], ms: number): string {
  const lines = results.map(
    (r) => `  ${r.stream.padEnd(9)} ${String(r.acked).padStart(9)} written  ${r.deadLettered} dead-lettered`,
  );
  const total = results.reduce((n, r) => n + r.acked, 0);
  const from = args.since ? `since ${args.since.toISOString()}` : 'from the beginning';
  return [`replayed ${total} messages into ${args.to} ${from} in ${(ms / 1000).toFixed(1)}s`, ...lines].join(
    '\n',
  );
}
