/** The `feeds.tributary.dev` CustomResourceDefinition, built around the schema in `schema.ts`. */
import { FEED_GROUP, FEED_KIND, FEED_PLURAL, FEED_VERSION } from './types.ts';
import { feedSchema } from './schema.ts';

export const FEED_CRD_NAME = `${FEED_PLURAL}.${FEED_GROUP}`;

/**
 * The schema as the apiserver takes it: a structural schema may not combine `properties` with
 * `additionalProperties` (unknown fields are pruned instead), which the TS source keeps only so
 * the derived types are closed.
 */
export function toStructural(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toStructural);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema as Record<string, unknown>)
      .filter(([k, v]) => !(k === 'additionalProperties' && v === false))
      .map(([k, v]) => [k, toStructural(v)]),
  );
}

export const feedCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: FEED_CRD_NAME,
    labels: { 'app.kubernetes.io/name': 'tributary', 'app.kubernetes.io/component': 'crd' },
  },
  spec: {
    group: FEED_GROUP,
    scope: 'Namespaced',
    names: {
      plural: FEED_PLURAL,
      singular: 'feed',
      kind: FEED_KIND,
      listKind: `${FEED_KIND}List`,
      shortNames: ['fd'],
      categories: ['tributary'],
    },
    versions: [
      {
        name: FEED_VERSION,
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: { openAPIV3Schema: toStructural(feedSchema) as Record<string, unknown> },
        // The contract's columns (URL, schedule, ready, last fetch, items, age) plus what makes a
        // failing feed show at a glance (docs/feeds.md): Status, the operator's one-word summary
        // of the conditions (Ready only says the CronJob matches the spec), the next fetch and the
        // last error. The raw Healthy condition and the failure count are in -o wide.
        additionalPrinterColumns: [
          { name: 'URL', type: 'string', jsonPath: '.spec.url' },
          { name: 'Schedule', type: 'string', jsonPath: '.status.schedule' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Status', type: 'string', jsonPath: '.status.summary' },
          { name: 'Last Fetch', type: 'date', jsonPath: '.status.lastFetchTime' },
          // A string: kubectl prints a future `date` as <invalid>.
          { name: 'Next Fetch', type: 'string', jsonPath: '.status.nextFetchTime' },
          { name: 'Items', type: 'integer', jsonPath: '.status.itemCount' },
          { name: 'Last Error', type: 'string', jsonPath: '.status.lastError' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          {
            name: 'Healthy',
            type: 'string',
            priority: 1,
            jsonPath: '.status.conditions[?(@.type=="Healthy")].status',
          },
          { name: 'Failures', type: 'integer', priority: 1, jsonPath: '.status.consecutiveFailures' },
        ],
      },
    ],
  },
} as const;
