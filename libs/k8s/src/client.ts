/**
 * A small JSON REST client for the Kubernetes API over one shared keep-alive undici dispatcher.
 * Credentials come from `kubeconfig.ts` (without loading client-node's generated API) or from a
 * client-node KubeConfig (tests, plugins). Why not the generated APIs: client-node builds a fresh
 * TLS agent per request (no connection reuse), costs ≈90 MB RSS to load, and its generic object API
 * cannot patch subresources (status) or stream watches under our control.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';
import { ApiError } from './errors.ts';
import type { ClusterAuth } from './kubeconfig.ts';
import { clusterAuthFromEnvironment, kubeConfigAuth } from './kubeconfig.ts';

export type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Default application/json; patches use apply-patch+yaml, merge-patch+json or json-patch+json. */
  contentType?: string;
  signal?: AbortSignal;
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** Called after every API response (status 0 = network error): feeds request metrics. */
export type ResponseHook = (verb: Verb, statusCode: number) => void;

export class KubeClient {
  readonly server: string;
  /** Requests made so far (all verbs, watches included): the benchmark reports it. */
  requestCount = 0;
  private readonly cluster: ClusterAuth;
  private readonly hooks: ResponseHook[] = [];

  constructor(source: ClusterAuth | KubeConfig) {
    this.cluster = 'getCurrentCluster' in source ? kubeConfigAuth(source) : source;
    this.server = this.cluster.server;
  }

  /** $KUBECONFIG / ~/.kube/config, else the in-cluster service account. */
  static fromEnvironment(kubeconfigPath?: string): KubeClient {
    return new KubeClient(clusterAuthFromEnvironment(kubeconfigPath));
  }

  onResponse(hook: ResponseHook): void {
    this.hooks.push(hook);
  }

  private async authFor(): Promise<{
    headers: Record<string, string>;
    dispatcher: ClusterAuth['dispatcher'];
  }> {
    const headers = await this.cluster.headers();
    return { headers, dispatcher: this.cluster.dispatcher };
  }

  private url(path: string, query?: RequestOptions['query']): string {
    const u = new URL(this.server + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  private report(verb: Verb, status: number): void {
    for (const h of this.hooks) h(verb, status);
  }

  async request<T = unknown>(verb: Verb, path: string, opts: RequestOptions = {}): Promise<T> {
    const auth = await this.authFor();
    this.requestCount++;
    const headers: Record<string, string> = { ...auth.headers, accept: 'application/json' };
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      body = JSON.stringify(opts.body);
    }
    let res;
    try {
      res = await fetch(this.url(path, opts.query), {
        method: verb,
        headers,
        body,
        dispatcher: auth.dispatcher,
        signal: opts.signal ?? AbortSignal.timeout(60_000),
      });
    } catch (err) {
      this.report(verb, 0);
      throw err;
    }
    this.report(verb, res.status);
    const text = await res.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (!res.ok) throw toApiError(res.status, parsed, text);
    return parsed as T;
  }

  get<T>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, opts);
  }

  /**
   * Streams a watch: calls `onEvent` per event until the server ends the stream (resolves), the
   * signal aborts (resolves), or an error (rejects; an in-stream ERROR Status becomes an ApiError).
   */
  async watch<T>(
    path: string,
    query: RequestOptions['query'],
    onEvent: (ev: WatchEvent<T>) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const auth = await this.authFor();
    this.requestCount++;
    let res;
    try {
      res = await fetch(this.url(path, { ...query, watch: true }), {
        method: 'GET',
        headers: { ...auth.headers, accept: 'application/json' },
        dispatcher: auth.dispatcher,
        signal,
      });
    } catch (err) {
      this.report('GET', 0);
      if (signal.aborted) return;
      throw err;
    }
    this.report('GET', res.status);
    if (!res.ok || !res.body) {
      const text = await res.text();
      throw toApiError(res.status, safeJson(text), text);
    }
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of res.body) {
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (!line) continue;
          const ev = JSON.parse(line) as WatchEvent<T>;
          if (ev.type === 'ERROR') {
            const status = ev.object as { code?: number };
            throw toApiError(status.code ?? 500, ev.object, line);
          }
          onEvent(ev);
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(statusCode: number, body: unknown, text: string): ApiError {
  const status = (body ?? {}) as { reason?: string; message?: string };
  return new ApiError(
    statusCode,
    status.reason ?? 'Unknown',
    status.message ?? (text.slice(0, 500) || `HTTP ${statusCode}`),
    body,
  );
}
