/**
 * The Feed custom resource's OpenAPI v3 schema: the one source of truth. The CRD object
 * (`crd.ts`) embeds it and the TypeScript types (`types.ts`) are derived from it with
 * json-schema-to-ts, so the two can never drift. Every field carries a description so
 * `kubectl explain feed.spec.fetch` is useful; rules OpenAPI cannot express are CEL
 * `x-kubernetes-validations` with readable messages.
 */
import { CRON_PATTERN } from './cron-pattern.ts';
import { EXACT_INTERVAL_RULE, EXACT_INTERVALS_TEXT } from './intervals.ts';
import { feedRulesSchema } from './rules-schema.ts';

const timestamp = { type: 'string', format: 'date-time' } as const;

export const headersSecretRefSchema = {
  type: 'object',
  description:
    'A Secret key holding a JSON object of extra request headers (e.g. {"Authorization": "Bearer ..."}), passed to the ingest job as TRIBUTARY_FEED_HEADERS.',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      description: 'Name of a Secret in the Feed namespace.',
      minLength: 1,
      maxLength: 253,
    },
    key: {
      type: 'string',
      description: 'Key inside the Secret whose value is the JSON headers object.',
      default: 'headers',
      minLength: 1,
      maxLength: 253,
    },
  },
} as const;

export const feedSpecSchema = {
  type: 'object',
  description: 'What to ingest and how often.',
  required: ['url'],
  additionalProperties: false,
  'x-kubernetes-validations': [
    {
      rule: 'has(self.schedule) != has(self.interval)',
      message: 'exactly one of spec.schedule or spec.interval must be set',
    },
  ],
  properties: {
    url: {
      type: 'string',
      description: 'The feed document URL (RSS, Atom, RDF or JSON Feed). http or https only.',
      minLength: 1,
      maxLength: 2048,
      'x-kubernetes-validations': [
        {
          rule: "self.matches('^[hH][tT][tT][pP][sS]?://[^/?#\\\\s]+([/?#]\\\\S*)?$')",
          message: 'spec.url must be an absolute http:// or https:// URL',
        },
      ],
    },
    schedule: {
      type: 'string',
      description:
        'A 5-field cron expression (minute hour day-of-month month day-of-week, UTC) or an @hourly-style macro. Mutually exclusive with interval.',
      minLength: 1,
      maxLength: 128,
      'x-kubernetes-validations': [
        {
          rule: `self.matches('${CRON_PATTERN.replaceAll('\\', '\\\\')}')`,
          message:
            'spec.schedule must be a 5-field cron expression (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7) or a macro like @hourly',
        },
      ],
    },
    interval: {
      type: 'string',
      description: `Fetch every this long: one of ${EXACT_INTERVALS_TEXT} (periods a cron schedule keeps exactly; use schedule for others). Turned into a cron schedule with a per-feed offset so feeds do not all fire together. Mutually exclusive with schedule.`,
      maxLength: 32,
      pattern: '^([0-9]+h)?([0-9]+m)?([0-9]+s)?$',
      'x-kubernetes-validations': [
        {
          rule: "self != '' && duration(self) >= duration('1m') && duration(self) <= duration('168h')",
          message: 'spec.interval must be a duration between 1m and 168h, e.g. 15m or 2h',
        },
        {
          rule: EXACT_INTERVAL_RULE,
          message: `spec.interval must divide the hour or the day so that it can be kept exactly (one of ${EXACT_INTERVALS_TEXT}); for other periods use spec.schedule with a cron expression`,
        },
      ],
    },
    suspend: {
      type: 'boolean',
      description: 'Stop scheduling new fetches (the CronJob is suspended); status is kept.',
      default: false,
    },
    tags: {
      type: 'array',
      description: 'Free-form labels copied onto every item of this feed (e.g. tech, news).',
      maxItems: 32,
      'x-kubernetes-list-type': 'set',
      items: { type: 'string', minLength: 1, maxLength: 64 },
    },
    fetch: {
      type: 'object',
      description: 'HTTP fetch settings for the ingest job.',
      additionalProperties: false,
      default: {},
      properties: {
        timeoutSeconds: {
          type: 'integer',
          description: 'Whole-request timeout in seconds.',
          minimum: 1,
          maximum: 300,
          default: 20,
        },
        maxBytes: {
          type: 'integer',
          description: 'Largest accepted body in bytes, counted after decompression.',
          minimum: 1024,
          maximum: 104857600,
          default: 15728640,
        },
        userAgent: {
          type: 'string',
          description: 'User-Agent header to send instead of the default Tributary one.',
          maxLength: 256,
        },
        headersSecretRef: headersSecretRefSchema,
      },
    },
    enrich: {
      type: 'object',
      description: 'Enrichment of this feed’s items.',
      additionalProperties: false,
      default: {},
      properties: {
        entities: {
          type: 'boolean',
          description: 'Extract people, organizations, places and topics from each item.',
          default: true,
        },
      },
    },
    content: {
      type: 'object',
      description: 'What is stored as each item’s content.',
      additionalProperties: false,
      default: {},
      properties: {
        fullText: {
          type: 'boolean',
          description:
            'Fetch the web page of each new or edited item (its link) with the same fetcher, SSRF guard and caps as the feed, one page at a time per host, extract the article (Readability) and store it, sanitized, as the item’s content. Pages are fetched once per item version: refreshes and replays reuse what was stored.',
          default: false,
        },
      },
    },
    rules: feedRulesSchema,
    deletionPolicy: {
      type: 'string',
      description:
        'What happens to ingested items when the Feed is deleted: Retain keeps them; Delete purges them from Postgres and Neo4j (the operator holds a finalizer until the purge event is acknowledged).',
      enum: ['Retain', 'Delete'],
      default: 'Retain',
    },
  },
} as const;

export const conditionSchema = {
  type: 'object',
  description: 'One aspect of the Feed’s current state (Kubernetes API conventions).',
  required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', description: 'Ready or Healthy.', maxLength: 316 },
    status: {
      type: 'string',
      description: 'True, False or Unknown.',
      enum: ['True', 'False', 'Unknown'],
    },
    observedGeneration: {
      type: 'integer',
      description: 'The .metadata.generation this condition was computed from.',
      minimum: 0,
    },
    lastTransitionTime: { ...timestamp, description: 'When status last changed.' },
    reason: {
      type: 'string',
      description: 'A CamelCase machine-readable reason for the last transition.',
      maxLength: 1024,
    },
    message: {
      type: 'string',
      description: 'A human-readable explanation.',
      maxLength: 32768,
    },
  },
} as const;

export const feedStatusSchema = {
  type: 'object',
  description: 'Observed state, written by the operator.',
  additionalProperties: false,
  properties: {
    observedGeneration: {
      type: 'integer',
      description: 'The .metadata.generation the operator last reconciled.',
      minimum: 0,
    },
    conditions: {
      type: 'array',
      description:
        'Ready: the CronJob matches the spec. Healthy: the last run succeeded (False after a failed fetch or a run that failed before it could report, with the error). Purged: while a Delete-policy Feed is deleted, whether every store applied the purge. RulesValid: whether every spec.rules entry compiles (False names the first bad rule; the ingest job skips it).',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
      maxItems: 8,
      items: conditionSchema,
    },
    cronJobName: { type: 'string', description: 'The CronJob that runs this feed’s ingest job.' },
    schedule: {
      type: 'string',
      description: 'The effective cron schedule (spec.schedule, or spec.interval turned into cron).',
    },
    lastFetchTime: { ...timestamp, description: 'When the last fetch finished.' },
    lastSuccessTime: { ...timestamp, description: 'When a fetch last succeeded.' },
    nextFetchTime: {
      ...timestamp,
      description:
        'When the next fetch will actually happen: a pending retry of a failed run, else the first schedule tick at or after dueTime (absent when suspended).',
    },
    dueTime: {
      ...timestamp,
      description:
        'When the ingestor next considers the feed due (its backoff after failures, Retry-After, or the interval it learnt from the feed); schedule ticks before it are skipped.',
    },
    summary: {
      type: 'string',
      description:
        'One word for kubectl get: Pending (not fetched yet), Healthy, Failing, Gone, Suspended, InvalidSpec, Deleting (purge pending).',
    },
    consecutiveFailures: {
      type: 'integer',
      description: 'Failed fetches since the last success.',
      minimum: 0,
    },
    lastError: {
      type: 'string',
      description: 'The last fetch or run error, empty after a success.',
    },
    itemCount: {
      type: 'integer',
      description: 'Items published from this feed so far (new or changed items).',
      minimum: 0,
    },
    lastItemTime: { ...timestamp, description: 'Newest item publication time seen.' },
    effectiveURL: {
      type: 'string',
      description: 'The URL actually fetched after permanent redirects, when it differs from spec.url.',
    },
  },
} as const;

export const feedSchema = {
  type: 'object',
  description: 'A web feed that Tributary ingests on a schedule into its knowledge graph.',
  required: ['spec'],
  properties: {
    apiVersion: { type: 'string', description: 'tributary.dev/v1alpha1' },
    kind: { type: 'string', description: 'Feed' },
    metadata: { type: 'object' },
    spec: feedSpecSchema,
    status: feedStatusSchema,
  },
} as const;
