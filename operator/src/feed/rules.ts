/**
 * The RulesValid condition (pure): what CEL cannot check in spec.rules — regex syntax, RE2 only —
 * found by compiling them as the ingest job does. None when the Feed has no rules.
 */
import { compileRules } from '@tributary/feeds/rules';
import type { FeedSpec } from '@tributary/feed-api';

export interface RulesCheck {
  status: 'True' | 'False';
  reason: 'RulesCompiled' | 'InvalidRule';
  message: string;
}

export function checkRules(spec: FeedSpec): RulesCheck | null {
  const rules = spec.rules ?? [];
  if (rules.length === 0) return null;
  const { errors } = compileRules(rules);
  if (errors.length === 0)
    return { status: 'True', reason: 'RulesCompiled', message: `${rules.length} rules compiled` };
  const list = errors.map((e) => `${e.rule}: ${e.message}`).join('; ');
  return {
    status: 'False',
    reason: 'InvalidRule',
    message: `${errors.length} of ${rules.length} rules skipped at ingest (RE2 syntax: no lookaround or backreferences) — ${list}`,
  };
}
