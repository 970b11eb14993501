/**
 * `tributary rules apply NS/NAME --dry-run`: what the Feed's current rules would change in the
 * items it published before — counted over the ITEMS stream with the very code ingest runs.
 */
import { parseCommandArgs, splitNsName, UsageError } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { connectNats, drainOrClose, natsConfigFromEnv } from '@tributary/events';
import type { NatsConnection } from '@nats-io/nats-core';
import { feedResource } from '@tributary/feed-api';
import type { Feed, FeedSpec } from '@tributary/feed-api';
import { getObject, KubeClient } from '@tributary/k8s';
import { compileRules } from '@tributary/feeds/rules';
import { createLogger } from '@tributary/log';
import type { Logger } from '@tributary/log';
import { readPastItems } from './past-items.ts';
import { applyFeedRules } from './rules.ts';

export interface RulesDryRun {
  items: number;
  dropped: number;
  tagged: number;
  errors: string[];
}

export async function dryRunRules(
  nc: NatsConnection,
  prefix: string,
  feedUid: string,
  spec: FeedSpec,
  log: Logger,
): Promise<RulesDryRun> {
  const items = await readPastItems(nc, prefix, feedUid);
  const outcome = applyFeedRules(spec, items, log);
  return {
    items: items.length,
    dropped: outcome.dropped,
    tagged: outcome.tagged,
    errors: compileRules(spec.rules).errors.map((e) => `${e.rule}: ${e.message}`),
  };
}

export function formatDryRun(ref: string, r: RulesDryRun): string {
  const lines = [
    `rules of ${ref} over ${r.items} past items: ${r.dropped} would be dropped, ${r.tagged} tagged, ${r.items - r.dropped - r.tagged} unchanged`,
  ];
  for (const e of r.errors) lines.push(`  skipped rule ${e}`);
  return lines.join('\n');
}

export const rulesApply: CommandModule = {
  usage: `usage: tributary rules apply NAMESPACE/NAME --dry-run

Counts what the Feed's spec.rules would change in the items it already published (the latest
version of each item on the ITEMS stream): how many would be dropped, how many would gain tags.
Rules that do not compile are listed (the ingest job skips them).

  --dry-run   count only (required: re-applying to stored items is not available yet)

environment: KUBECONFIG, NATS_URL, TRIBUTARY_NATS_PREFIX`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      'dry-run': { type: 'boolean' },
      kubeconfig: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one NAMESPACE/NAME');
    if (!values['dry-run'])
      throw new UsageError('re-applying rules to stored items is not available yet; use --dry-run to count');
    const { namespace, name } = splitNsName(positionals[0]);
    const client = KubeClient.fromEnvironment(values.kubeconfig);
    const feed = await getObject<Feed>(client, feedResource, namespace, name);
    const nats = natsConfigFromEnv();
    const nc = await connectNats(nats, { name: 'tributary-rules' });
    try {
      const result = await dryRunRules(
        nc,
        nats.prefix,
        feed.metadata.uid ?? '',
        feed.spec,
        createLogger('rules'),
      );
      process.stdout.write(`${formatDryRun(`${namespace}/${name}`, result)}\n`);
      return 0;
    } finally {
      await drainOrClose(nc);
    }
  },
};
