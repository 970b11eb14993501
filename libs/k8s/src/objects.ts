/** Typed CRUD + server-side apply over KubeClient for any resource collection. */
import type { KubeClient } from './client.ts';
import type { ResourceRef } from './resource.ts';
import { resourcePath } from './resource.ts';
import { isNotFound } from './errors.ts';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string;
    creationTimestamp?: string;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
    [k: string]: unknown;
  };
}

export interface ObjectList<T> {
  kind?: string;
  items: T[];
  metadata: { resourceVersion: string; continue?: string };
}

export interface ListOptions {
  namespace?: string | undefined;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; the whole list is read page by page. */
  limit?: number;
  signal?: AbortSignal;
}

export interface ApplyOptions {
  fieldManager: string;
  /** Take ownership of fields other managers set (controllers normally force). */
  force?: boolean;
  subresource?: string;
}

const APPLY = 'application/apply-patch+yaml';
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

/** Lists every page; returns the items and the list's resourceVersion (to start a watch from). */
export async function listAll<T>(
  client: KubeClient,
  ref: ResourceRef,
  opts: ListOptions = {},
): Promise<{ items: T[]; resourceVersion: string; kind: string }> {
  const items: T[] = [];
  let kind: string;
  let cont: string | undefined;
  let resourceVersion: string;
  do {
    const page = await client.get<ObjectList<T>>(resourcePath(ref, { namespace: opts.namespace }), {
      query: {
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        limit: opts.limit ?? 500,
        continue: cont,
      },
      signal: opts.signal,
    });
    for (const it of page.items ?? []) items.push(it);
    kind = (page.kind ?? '').replace(/List$/, '');
    resourceVersion = page.metadata.resourceVersion;
    cont = page.metadata.continue || undefined;
  } while (cont);
  return { items, resourceVersion, kind };
}

export function getObject<T>(
  client: KubeClient,
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
) {
  return client.get<T>(resourcePath(ref, { namespace, name }));
}

/** GET that maps 404 to undefined. */
export async function getIfExists<T>(
  client: KubeClient,
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
): Promise<T | undefined> {
  try {
    return await getObject<T>(client, ref, namespace, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function createObject<T extends KubeObject>(client: KubeClient, ref: ResourceRef, obj: T): Promise<T> {
  return client.request<T>('POST', resourcePath(ref, { namespace: obj.metadata.namespace }), { body: obj });
}

/** Server-side apply (PATCH application/apply-patch+yaml; JSON is valid YAML). */
export function applyObject<T extends KubeObject>(
  client: KubeClient,
  ref: ResourceRef,
  obj: T,
  opts: ApplyOptions,
): Promise<T> {
  const path = resourcePath(ref, {
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
  });
  return client.request<T>('PATCH', path, {
    body: obj,
    contentType: APPLY,
    query: { fieldManager: opts.fieldManager, force: opts.force ?? true },
  });
}

export function mergePatch<T>(
  client: KubeClient,
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
  patch: unknown,
  subresource?: string,
): Promise<T> {
  const path = resourcePath(ref, { namespace, name, ...(subresource ? { subresource } : {}) });
  return client.request<T>('PATCH', path, { body: patch, contentType: MERGE });
}

/** RFC 6902 patch; with a `test` op on resourceVersion it is an optimistic-concurrency update. */
export function jsonPatch<T>(
  client: KubeClient,
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
  ops: unknown[],
  subresource?: string,
): Promise<T> {
  const path = resourcePath(ref, { namespace, name, ...(subresource ? { subresource } : {}) });
  return client.request<T>('PATCH', path, { body: ops, contentType: JSON_PATCH });
}

export async function deleteObject(
  client: KubeClient,
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
  propagationPolicy: 'Background' | 'Foreground' | 'Orphan' = 'Background',
): Promise<boolean> {
  try {
    await client.request('DELETE', resourcePath(ref, { namespace, name }), {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy },
    });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/**
 * Server-side applies `status` on the status subresource as `fieldManager`: the manager then owns
 * exactly these fields, so several writers can share one status without overwriting each other.
 */
export function applyStatus<T extends KubeObject>(
  client: KubeClient,
  ref: ResourceRef,
  obj: { apiVersion?: string; kind?: string; metadata: { name: string; namespace?: string } },
  status: unknown,
  fieldManager: string,
): Promise<T> {
  const body = {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace },
    status,
  } as unknown as T;
  return applyObject(client, ref, body, { fieldManager, force: true, subresource: 'status' });
}
