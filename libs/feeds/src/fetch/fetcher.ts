/**
 * The polite feed fetcher: one conditional GET with manual redirects, the SSRF guard on every hop
 * (pinned to the vetted addresses), decompression with a post-decompression byte cap, connect and
 * total timeouts, a per-host concurrency cap. It throws only FetchError; HTTP-level failures carry
 * their status and Retry-After so the caller can apply its policies.
 */
import { Agent, errors as undiciErrors } from 'undici';
import type { Dispatcher } from 'undici';
import { FETCH_DEFAULTS } from './defaults.ts';
import { FetchError } from './errors.ts';
import { guardedLookup, resolveVetted } from './guarded-lookup.ts';
import type { AddressPolicy, Resolver } from './guarded-lookup.ts';
import { HostLimiter } from './host-limiter.ts';
import { readCappedBody } from './body.ts';
import { REDIRECT_STATUSES } from './redirects.ts';
import { hubsFromLinkHeader } from './link-header.ts';
import type { RedirectHop } from './redirects.ts';

export interface FetcherOptions {
  allowPrivateNetworks: boolean;
  perHostConcurrency?: number;
  connectTimeoutMs?: number;
  /** Test hooks: hostile DNS / a narrower address policy. */
  resolve?: Resolver;
  addressPolicy?: AddressPolicy;
}

export interface FetchRequest {
  url: string;
  /** Validators from the previous successful response, sent back verbatim. */
  etag?: string | null;
  lastModified?: string | null;
  userAgent?: string;
  /** Extra request headers (from the Feed's Secret); dropped on cross-origin redirects. */
  headers?: Record<string, string>;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
}

export interface FetchResult {
  /** Final status: 2xx or 304. */
  status: number;
  notModified: boolean;
  /** Decoded body (empty on 304). */
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
  redirects: RedirectHop[];
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  cacheControl: string | null;
  expires: string | null;
  /** WebSub hubs advertised in `Link: <…>; rel="hub"` headers. */
  linkHubs: string[];
  /** Bytes after decompression. */
  bytes: number;
  durationMs: number;
}

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | null {
  const v = headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}

function parseHttpUrl(raw: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (err) {
    throw new FetchError('invalid-url', `not a URL: ${raw}`, { cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('invalid-url', `only http(s) URLs are fetched, got ${url.protocol}`);
  }
  url.hash = '';
  return url;
}

/** Maps undici/socket errors onto our codes, unwrapping causes (connect errors come wrapped). */
function classify(err: unknown, url: string, timedOut: boolean, aborted: boolean): FetchError {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof FetchError) return e;
  }
  const e = err as NodeJS.ErrnoException;
  const message = e?.message ?? String(err);
  if (timedOut) return new FetchError('timeout', `timed out fetching ${url}`, { url, cause: err });
  if (aborted) return new FetchError('aborted', `aborted fetching ${url}`, { url, cause: err });
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
    return new FetchError('timeout', `${message} (${url})`, { url, cause: err });
  }
  if (err instanceof undiciErrors.ConnectTimeoutError) {
    return new FetchError('connect', `${message} (${url})`, { url, cause: err });
  }
  const code = e?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new FetchError('dns', `${message} (${url})`, { url, cause: err });
  }
  if (
    ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET'].includes(code) ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('CERT_') ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  ) {
    return new FetchError('connect', `${message} (${url})`, { url, cause: err });
  }
  return new FetchError('network', `${message} (${url})`, { url, cause: err });
}

export class Fetcher {
  readonly #agent: Agent;
  readonly #limiter: HostLimiter;
  readonly #options: FetcherOptions;

  constructor(options: FetcherOptions) {
    this.#options = options;
    this.#limiter = new HostLimiter(options.perHostConcurrency ?? FETCH_DEFAULTS.perHostConcurrency);
    this.#agent = new Agent({
      connections: options.perHostConcurrency ?? FETCH_DEFAULTS.perHostConcurrency,
      connect: {
        timeout: options.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs,
        lookup: guardedLookup({
          allowPrivateNetworks: options.allowPrivateNetworks,
          resolve: options.resolve,
          policy: options.addressPolicy,
        }),
      },
    });
  }

  async fetch(req: FetchRequest): Promise<FetchResult> {
    const started = performance.now();
    const timeoutMs = req.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
    const maxRedirects = req.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
    const maxBytes = req.maxBytes ?? FETCH_DEFAULTS.maxBytes;
    const origin = parseHttpUrl(req.url);
    const visited = new Set<string>([origin.href]);
    const redirects: RedirectHop[] = [];
    let url = origin;

    for (;;) {
      const guard = {
        allowPrivateNetworks: this.#options.allowPrivateNetworks,
        resolve: this.#options.resolve,
        policy: this.#options.addressPolicy,
      };
      // IP-literal hosts never reach the socket's lookup, so vet them here (cheap for names too:
      // it fails fast on a blocked hop before any connection attempt).
      await this.#guarded(() => resolveVetted(url.hostname, guard), url.href, timeout, signal);
      const sameOrigin = url.origin === origin.origin;
      const headers: Record<string, string> = {
        ...(sameOrigin ? req.headers : {}),
        'user-agent': req.userAgent ?? FETCH_DEFAULTS.userAgent,
        accept: ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
      };
      if (req.etag) headers['if-none-match'] = req.etag;
      if (req.lastModified) headers['if-modified-since'] = req.lastModified;

      const release = await this.#limiter.acquire(url.host, signal);
      try {
        const res = await this.#guarded(
          () =>
            this.#agent.request({
              origin: url.origin,
              path: url.pathname + url.search,
              method: 'GET',
              headers,
              signal,
              headersTimeout: timeoutMs,
              bodyTimeout: timeoutMs,
            }),
          url.href,
          timeout,
          signal,
        );
        const status = res.statusCode;
        if (REDIRECT_STATUSES.has(status)) {
          const location = header(res.headers, 'location');
          await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
          if (!location)
            throw new FetchError('http-status', `${status} without Location`, { status, url: url.href });
          const next = parseHttpUrl(location, url.href);
          redirects.push({ from: url.href, to: next.href, status });
          if (visited.has(next.href)) {
            throw new FetchError('redirect-loop', `redirect loop back to ${next.href}`, {
              status,
              url: url.href,
            });
          }
          if (redirects.length > maxRedirects) {
            throw new FetchError('too-many-redirects', `more than ${maxRedirects} redirects`, {
              status,
              url: url.href,
            });
          }
          visited.add(next.href);
          url = next;
          continue;
        }
        const common = {
          url: url.href,
          redirects,
          contentType: header(res.headers, 'content-type'),
          etag: header(res.headers, 'etag'),
          lastModified: header(res.headers, 'last-modified'),
          cacheControl: header(res.headers, 'cache-control'),
          expires: header(res.headers, 'expires'),
          linkHubs: hubsFromLinkHeader(header(res.headers, 'link'), url.href),
        };
        if (status === 304) {
          await res.body.dump().catch(() => undefined);
          return {
            ...common,
            status,
            notModified: true,
            body: Buffer.alloc(0),
            bytes: 0,
            durationMs: performance.now() - started,
          };
        }
        if (status < 200 || status > 299) {
          await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
          const retryAfter = header(res.headers, 'retry-after');
          if (status === 410)
            throw new FetchError('gone', `410 Gone: ${url.href}`, { status, url: url.href });
          if (status === 429 || status === 503) {
            throw new FetchError('rate-limited', `${status} from ${url.host}`, {
              status,
              retryAfter,
              url: url.href,
            });
          }
          throw new FetchError('http-status', `HTTP ${status} from ${url.href}`, { status, url: url.href });
        }
        const encoding = header(res.headers, 'content-encoding') ?? undefined;
        const declared = Number(header(res.headers, 'content-length') ?? NaN);
        if (!encoding && declared > maxBytes) {
          res.body.destroy();
          throw new FetchError('too-large', `Content-Length ${declared} exceeds ${maxBytes}`, {
            status,
            url: url.href,
          });
        }
        const body = await this.#guarded(
          () => readCappedBody(res.body, encoding, maxBytes, signal),
          url.href,
          timeout,
          signal,
          status,
        );
        return {
          ...common,
          status,
          notModified: false,
          body,
          bytes: body.length,
          durationMs: performance.now() - started,
        };
      } finally {
        release();
      }
    }
  }

  /** Runs one I/O step, turning whatever it throws into a FetchError. */
  async #guarded<T>(
    step: () => Promise<T>,
    url: string,
    timeout: AbortSignal,
    signal: AbortSignal,
    status?: number,
  ): Promise<T> {
    try {
      return await step();
    } catch (err) {
      const fe = classify(err, url, timeout.aborted, signal.aborted);
      if (status !== undefined && fe.status === null) {
        throw new FetchError(fe.code, fe.message, { status, url, cause: fe.cause });
      }
      throw fe;
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}
