/**
 * The schema of one filter rule (`spec.rules` of a Feed): the CRD is its source of truth and the
 * matcher (`@tributary/feeds/rules`) takes the type derived from it. CEL checks the shape; regex
 * syntax is beyond CEL, so the operator compiles each rule and reports a RulesValid condition.
 */
export const RULE_ACTIONS = ['Keep', 'Drop', 'Tag'] as const;
export const RULE_FIELDS = ['title', 'content', 'author', 'link', 'entity', 'any'] as const;

export const feedRuleSchema = {
  type: 'object',
  description:
    'One filter applied to every new item at ingest. Drop removes matching items; when any Keep rule exists, items matching no Keep rule are removed too; Tag adds tags to matching items. Give exactly one of contains or regex.',
  required: ['action', 'field'],
  additionalProperties: false,
  'x-kubernetes-validations': [
    {
      rule: 'has(self.contains) != has(self.regex)',
      message: 'a rule needs exactly one of contains or regex',
    },
    {
      rule: "self.action == 'Tag' ? has(self.tags) && size(self.tags) > 0 : !has(self.tags)",
      message: 'tags is required for action Tag and allowed only there',
    },
  ],
  properties: {
    name: {
      type: 'string',
      description: 'A label for messages and counts (default: the rule’s position, e.g. rules[2]).',
      minLength: 1,
      maxLength: 63,
    },
    action: {
      type: 'string',
      description: 'Keep, Drop or Tag.',
      enum: RULE_ACTIONS,
    },
    field: {
      type: 'string',
      description:
        'What is matched: title, content (content and summary as text), author (names and e-mails), link, entity (names of the people, organizations, places and topics the enricher extracts) or any (title, content, author and link).',
      enum: RULE_FIELDS,
    },
    contains: {
      type: 'string',
      description: 'Matches when the field contains this text, ignoring case.',
      minLength: 1,
      maxLength: 256,
    },
    regex: {
      type: 'string',
      description:
        'Matches when this regular expression finds a match in the field. RE2 syntax (linear-time: no backreferences or lookaround); (?i) ignores case.',
      minLength: 1,
      maxLength: 512,
    },
    tags: {
      type: 'array',
      description: 'Tags added to matching items’ categories (action Tag only).',
      maxItems: 16,
      'x-kubernetes-list-type': 'set',
      items: { type: 'string', minLength: 1, maxLength: 64 },
    },
  },
} as const;

export const feedRulesSchema = {
  type: 'array',
  description:
    'Filters applied to new items at ingest, in order (see docs/feeds.md). `tributary rules apply NS/NAME --dry-run` counts what they would change in past items.',
  maxItems: 64,
  items: feedRuleSchema,
} as const;
