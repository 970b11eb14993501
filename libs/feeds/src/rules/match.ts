/**
 * Feed rules (pure): compile `spec.rules` once per run, then decide per item whether it is kept
 * and which tags it gains. Regexes are RE2 (re2js: linear-time, no backtracking), so a rule can
 * never make ingest slow on a hostile item. A rule that does not compile is reported and skipped:
 * skipping a Drop keeps more items than wanted, never loses one.
 */
import { RE2JS } from 're2js';
import type { FeedRule } from '@tributary/feed-api';
import type { NormalizedItem } from '../model.ts';
import { htmlToText } from '../normalize/text.ts';

/** What a rule can look at in one item. Entities are computed only when an entity rule exists. */
export interface RuleSubject {
  title: string;
  /** Content and summary as plain text. */
  content: string;
  /** Author names and e-mails. */
  authors: string[];
  link: string;
  entities: () => readonly string[];
}

export interface RuleError {
  rule: string;
  message: string;
}

interface CompiledRule {
  label: string;
  action: FeedRule['action'];
  field: FeedRule['field'];
  tags: readonly string[];
  test: (text: string) => boolean;
}

export interface CompiledRules {
  rules: readonly CompiledRule[];
  errors: readonly RuleError[];
  /** Some rule matches on entities: the caller must be able to extract them. */
  needsEntities: boolean;
}

export interface RuleVerdict {
  keep: boolean;
  /** Tags to add (deduplicated, in rule order). */
  tags: string[];
  /** Labels of the rules that matched. */
  matched: string[];
}

const label = (rule: FeedRule, i: number) => rule.name ?? `rules[${i}]`;

function compileTest(rule: FeedRule): (text: string) => boolean {
  if (rule.contains !== undefined) {
    const needle = rule.contains.toLowerCase();
    return (text) => text.toLowerCase().includes(needle);
  }
  const re = RE2JS.compile(rule.regex ?? '');
  return (text) => re.matcher(text).find();
}

/** Compiles rules in order; each bad one becomes an error naming it and is left out. */
export function compileRules(rules: readonly FeedRule[] | undefined): CompiledRules {
  const compiled: CompiledRule[] = [];
  const errors: RuleError[] = [];
  (rules ?? []).forEach((rule, i) => {
    const name = label(rule, i);
    if ((rule.contains === undefined) === (rule.regex === undefined)) {
      errors.push({ rule: name, message: 'needs exactly one of contains or regex' });
      return;
    }
    if (rule.action === 'Tag' && !rule.tags?.length) {
      errors.push({ rule: name, message: 'action Tag needs tags' });
      return;
    }
    try {
      compiled.push({
        label: name,
        action: rule.action,
        field: rule.field,
        tags: rule.tags ?? [],
        test: compileTest(rule),
      });
    } catch (err) {
      errors.push({ rule: name, message: `regex: ${(err as Error).message}` });
    }
  });
  return { rules: compiled, errors, needsEntities: compiled.some((r) => r.field === 'entity') };
}

function fieldTexts(field: FeedRule['field'], s: RuleSubject): readonly string[] {
  switch (field) {
    case 'title':
      return [s.title];
    case 'content':
      return [s.content];
    case 'author':
      return s.authors;
    case 'link':
      return [s.link];
    case 'entity':
      return s.entities();
    case 'any':
      return [s.title, s.content, ...s.authors, s.link];
  }
}

/**
 * Drop wins: an item matching any Drop rule goes. With Keep rules present, an item must match one
 * of them to stay. Tags of every matching Tag rule are added to a kept item.
 */
export function evaluateRules(compiled: CompiledRules, subject: RuleSubject): RuleVerdict {
  const matched: string[] = [];
  const tags = new Set<string>();
  let dropped = false;
  let kept = false;
  let hasKeep = false;
  for (const rule of compiled.rules) {
    if (rule.action === 'Keep') hasKeep = true;
    if (!fieldTexts(rule.field, subject).some((t) => t !== '' && rule.test(t))) continue;
    matched.push(rule.label);
    if (rule.action === 'Drop') dropped = true;
    else if (rule.action === 'Keep') kept = true;
    else for (const t of rule.tags) tags.add(t);
  }
  const keep = !dropped && (kept || !hasKeep);
  return { keep, tags: keep ? [...tags] : [], matched };
}

/** The rule subject of a normalized item; `entities` is called at most once. */
export function ruleSubject(item: NormalizedItem, entities: () => readonly string[]): RuleSubject {
  let cached: readonly string[] | null = null;
  return {
    title: item.title,
    content: [item.content, item.summary]
      .filter((h) => h !== '')
      .map(htmlToText)
      .join(' '),
    authors: item.authors.flatMap((a) => [a.name, a.email].filter((v) => v !== '')),
    link: item.link,
    entities: () => (cached ??= entities()),
  };
}

/** The item with the verdict's tags added to its categories (unchanged when there are none). */
export function withTags(item: NormalizedItem, tags: readonly string[]): NormalizedItem {
  const add = tags.filter((t) => !item.categories.includes(t));
  return add.length === 0 ? item : { ...item, categories: [...item.categories, ...add] };
}
