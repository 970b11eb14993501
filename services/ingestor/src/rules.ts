/**
 * The Feed's `spec.rules` at ingest: dropped items are never published, tags join the item's
 * categories. Entities for entity rules come from the enricher's own extraction, so a rule sees
 * exactly the entities the item will carry. Shared by both ingest modes (the CronJob job and the
 * pooled worker): it needs only the spec and a logger.
 */
import { enrichItem } from '@tributary/enricher';
import type { NormalizedItem } from '@tributary/feeds';
import { compileRules, evaluateRules, ruleSubject, withTags } from '@tributary/feeds/rules';
import type { FeedSpec } from '@tributary/feed-api';
import type { Logger } from '@tributary/log';

export interface RuleOutcome {
  items: NormalizedItem[];
  dropped: number;
  tagged: number;
}

export function applyFeedRules(spec: FeedSpec, items: NormalizedItem[], log: Logger): RuleOutcome {
  if (!spec.rules?.length) return { items, dropped: 0, tagged: 0 };
  const compiled = compileRules(spec.rules);
  // The operator reports these on the Feed (RulesValid); the job skips them rather than fail.
  for (const e of compiled.errors) log.warn('rule skipped', { rule: e.rule, error: e.message });
  const enrichEntities = spec.enrich?.entities ?? true;
  const out: NormalizedItem[] = [];
  let tagged = 0;
  for (const item of items) {
    const entities = () =>
      enrichItem({ feed: { uid: '', enrichEntities }, item }).entities.map((e) => e.name);
    const verdict = evaluateRules(compiled, ruleSubject(item, entities));
    if (!verdict.keep) continue;
    const next = withTags(item, verdict.tags);
    if (next !== item) tagged++;
    out.push(next);
  }
  return { items: out, dropped: items.length - out.length, tagged };
}
