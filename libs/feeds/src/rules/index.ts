export { compileRules, evaluateRules, ruleSubject, withTags } from './match.ts';
export type { CompiledRules, RuleError, RuleSubject, RuleVerdict } from './match.ts';
