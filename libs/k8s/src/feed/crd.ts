/** The `feeds.tributary.dev` CustomResourceDefinition, built around the schema in `schema.ts`. */
import { FEED_GROUP, FEED_KIND, FEED_PLURAL, FEED_VERSION } from './types.ts';
import { feedSchema } from './schema.ts';

export const FEED_CRD_NAME = `${FEED_PLURAL}.${FEED_GROUP}`;

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
        schema: { openAPIV3Schema: feedSchema },
        additionalPrinterColumns: [
          { name: 'URL', type: 'string', jsonPath: '.spec.url' },
          { name: 'Schedule', type: 'string', jsonPath: '.status.schedule' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Healthy', type: 'string', priority: 1, jsonPath: '.status.conditions[?(@.type=="Healthy")].status' },
          { name: 'Last Fetch', type: 'date', jsonPath: '.status.lastFetchTime' },
          { name: 'Items', type: 'integer', jsonPath: '.status.itemCount' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      },
    ],
  },
} as const;
