/** Identifies a REST resource collection, e.g. batch/v1 cronjobs. `group: ''` is the core API. */
export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  /** Cluster-scoped resources (CRDs, ClusterRoles) have no namespace segment. */
  namespaced?: boolean;
}

export const resources = {
  cronJobs: { group: 'batch', version: 'v1', plural: 'cronjobs', namespaced: true },
  jobs: { group: 'batch', version: 'v1', plural: 'jobs', namespaced: true },
  pods: { group: '', version: 'v1', plural: 'pods', namespaced: true },
  events: { group: '', version: 'v1', plural: 'events', namespaced: true },
  configMaps: { group: '', version: 'v1', plural: 'configmaps', namespaced: true },
  secrets: { group: '', version: 'v1', plural: 'secrets', namespaced: true },
  namespaces: { group: '', version: 'v1', plural: 'namespaces', namespaced: false },
  leases: { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespaced: true },
  crds: {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
} as const satisfies Record<string, ResourceRef>;

/** `/api/v1/...` or `/apis/<group>/<version>/...`, with optional namespace, name and subresource. */
export function resourcePath(
  ref: ResourceRef,
  opts: { namespace?: string | undefined; name?: string | undefined; subresource?: string } = {},
): string {
  const base = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  const ns =
    ref.namespaced !== false && opts.namespace ? `/namespaces/${encodeURIComponent(opts.namespace)}` : '';
  const name = opts.name ? `/${encodeURIComponent(opts.name)}` : '';
  const sub = opts.name && opts.subresource ? `/${opts.subresource}` : '';
  return `${base}${ns}/${ref.plural}${name}${sub}`;
}

export function apiVersionOf(ref: ResourceRef): string {
  return ref.group === '' ? ref.version : `${ref.group}/${ref.version}`;
}

/** `namespace/name` (or `name` for cluster-scoped objects): the work-queue and cache key. */
export function objectKey(obj: { metadata?: { name?: string; namespace?: string } }): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
