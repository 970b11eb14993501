/**
 * The fixture feed server: a real node:http server on 127.0.0.1 serving deterministic feeds in
 * every format, with runtime edits and the faults a polite fetcher must survive. Faults are query
 * parameters on any feed URL, so a test states its scenario in the URL it hands the ingestor:
 *
 *   /feeds/<n>.<format>            rss2 rss091 rdf atom10 atom03 json10 json11
 *     ?status=429&retryAfter=120   answer with that status (and Retry-After)
 *     ?delayMs=N                   wait before sending headers
 *     ?slowMs=N[&chunkBytes=B]     dribble the body, N ms between chunks
 *     ?stall=1                     send headers and a few bytes, then hang
 *     ?padBytes=N                  inflate the document by N bytes (oversize)
 *     ?items=N                     N items (1..25000) instead of the feed's own (a large, real-shaped feed)
 *     ?bomb=N                      gzip bomb: tiny on the wire, N bytes decoded
 *     ?encoding=gzip|deflate|deflate-raw|br|identity  force a Content-Encoding (default: negotiate)
 *     ?charset=windows-1252[&declare=header|prolog|none|wrong]  non-UTF-8 bytes, declared or not
 *     ?maxAge=S  ?expires=S  ?ttl=M  caching hints      ?noValidators=1  ?ignoreValidators=1
 *   /redirect/<code>/<hops>?to=URL  a chain of <hops> redirects with <code> ending at URL
 *   /loop/<code>/a  ↔  /loop/<code>/b  a redirect loop
 *   /status/<code>?retryAfter=V     a bare status response;  /gone → 410
 *   /opml                           every feed in every format
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import {
  articlePage,
  CONTENT_TYPES,
  FIXTURE_FORMATS,
  fixtureItem,
  isFixtureFormat,
  renderFeed,
} from './generate.ts';
import type { FixtureFormat } from './generate.ts';

export interface FixtureServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Number of feeds (default 3). */
  feeds?: number;
  /** Items per feed (default 20). */
  items?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
}

interface FeedState {
  version: number;
  total: number;
  revisions: Map<number, number>;
}

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly feedCount: number;
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[];
  /** Most requests in progress at once since start (or the last resetPeak): politeness checks. */
  readonly peakConcurrency: number;
  resetPeak(): void;
  feedUrl(feed: number, format: FixtureFormat, query?: Record<string, string | number>): string;
  /** Changes the content of the newest `count` items of a feed (new revision each). */
  editItems(feed: number, count?: number): void;
  /** Publishes `count` new items at the top of a feed. */
  addItems(feed: number, count?: number): void;
  close(): Promise<void>;
}

const BOMB_CHUNK = zlib.gzipSync(Buffer.alloc(1024 * 1024, 0x20));
const CP1252_FLAVOUR = ' — café ‘naïve’ €';

function lastModifiedFor(version: number): string {
  return new Date(Date.UTC(2025, 0, 1) + version * 60_000).toUTCString();
}

function negotiate(accept: string | undefined, forced: string | null): string {
  if (forced) return forced;
  const a = (accept ?? '').toLowerCase();
  if (/\bbr\b/.test(a)) return 'br';
  if (/\bgzip\b/.test(a)) return 'gzip';
  if (/\bdeflate\b/.test(a)) return 'deflate';
  return 'identity';
}

function encode(body: Buffer, coding: string): Buffer {
  switch (coding) {
    case 'gzip':
      return zlib.gzipSync(body);
    case 'deflate':
      return zlib.deflateSync(body);
    case 'deflate-raw':
      return zlib.deflateRawSync(body);
    case 'br':
      // Quality 11 (the default) costs ~100x gzip's CPU; servers use 4-6 for dynamic content.
      return zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    default:
      return body;
  }
}

const sleep = (ms: number, res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });

export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const host = options.host ?? '127.0.0.1';
  const feedCount = options.feeds ?? 3;
  const itemCount = options.items ?? 20;
  const feeds: FeedState[] = Array.from({ length: feedCount }, () => ({
    version: 0,
    total: itemCount,
    revisions: new Map(),
  }));
  const requests: RecordedRequest[] = [];
  let active = 0;
  let peak = 0;
  let baseUrl = '';

  function documentFor(n: number, format: FixtureFormat, q: URLSearchParams, flavour: string): string {
    const state = feeds[n]!;
    const items = [];
    const total = q.has('items') ? Math.min(25_000, Math.max(1, Number(q.get('items')) || 1)) : state.total;
    for (let j = total - 1; j >= 0; j--)
      items.push(fixtureItem(baseUrl, n, j, state.revisions.get(j) ?? 0, flavour));
    return renderFeed(format, {
      feedIndex: n,
      baseUrl,
      selfUrl: `${baseUrl}/feeds/${n}.${format}`,
      title: `Fixture feed ${n}${flavour}`,
      items,
      padBytes: Number(q.get('padBytes') ?? 0),
      ttlMinutes: Number(q.get('ttl') ?? 0),
    });
  }

  async function serveFeed(
    req: IncomingMessage,
    res: ServerResponse,
    n: number,
    format: FixtureFormat,
    q: URLSearchParams,
  ) {
    const state = feeds[n]!;
    const delay = Number(q.get('delayMs') ?? 0);
    if (delay > 0) await sleep(delay, res);
    if (res.destroyed) return;

    const status = Number(q.get('status') ?? 200);
    if (status !== 200) return bareStatus(res, status, q.get('retryAfter'));

    if (q.has('bomb')) {
      // Concatenated gzip members, each 1 MiB of spaces decoded (~1 KiB on the wire).
      const members = Math.max(1, Math.ceil(Number(q.get('bomb')) / (1024 * 1024)));
      res.writeHead(200, { 'content-type': CONTENT_TYPES[format], 'content-encoding': 'gzip' });
      for (let i = 0; i < members && !res.destroyed; i++) {
        if (!res.write(BOMB_CHUNK)) await new Promise((r) => res.once('drain', r).once('close', r));
      }
      return res.end();
    }

    const charset = q.get('charset');
    const declare = q.get('declare') ?? 'header';
    let text = documentFor(n, format, q, charset ? CP1252_FLAVOUR : '');
    let body: Buffer;
    let contentType = q.get('contentType') ?? CONTENT_TYPES[format];
    if (charset) {
      if (declare === 'prolog' || declare === 'header')
        text = text.replace('encoding="utf-8"', `encoding="${charset}"`);
      if (declare === 'none') text = text.replace(' encoding="utf-8"', '');
      body = iconv.encode(text, charset);
      if (declare === 'header') contentType += `; charset=${charset}`;
      if (declare === 'wrong') contentType += '; charset=utf-8'; // lies: the bytes are not UTF-8
    } else {
      body = Buffer.from(text, 'utf8');
      contentType += '; charset=utf-8';
    }

    const headers: Record<string, string> = { 'content-type': contentType };
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = lastModifiedFor(state.version);
    if (!q.has('noValidators')) {
      headers.etag = etag;
      headers['last-modified'] = lastModified;
      if (!q.has('ignoreValidators')) {
        const inm = req.headers['if-none-match'];
        const ims = req.headers['if-modified-since'];
        const fresh =
          inm !== undefined
            ? inm.split(',').some((t) => t.trim() === etag)
            : ims !== undefined && Date.parse(ims) >= Date.parse(lastModified);
        if (fresh) {
          res.writeHead(304, { etag, 'last-modified': lastModified });
          return res.end();
        }
      }
    }
    if (q.has('maxAge')) headers['cache-control'] = `max-age=${q.get('maxAge')}`;
    if (q.has('expires'))
      headers.expires = new Date(Date.now() + Number(q.get('expires')) * 1000).toUTCString();
    headers.link = `<${baseUrl}/hub>; rel="hub", <${baseUrl}/feeds/${n}.${format}>; rel="self"`;

    const coding = negotiate(req.headers['accept-encoding'], q.get('encoding'));
    const wire = encode(body, coding);
    if (coding !== 'identity') headers['content-encoding'] = coding === 'deflate-raw' ? 'deflate' : coding;

    if (q.has('stall')) {
      res.writeHead(200, headers);
      res.write(wire.subarray(0, Math.min(64, wire.length)));
      return; // never ends; the client's timeout must fire (close() tears the socket down)
    }
    const slow = Number(q.get('slowMs') ?? 0);
    if (slow > 0) {
      const size = Number(q.get('chunkBytes') ?? 256);
      res.writeHead(200, headers);
      for (let i = 0; i < wire.length && !res.destroyed; i += size) {
        res.write(wire.subarray(i, i + size));
        await sleep(slow, res);
      }
      return res.end();
    }
    headers['content-length'] = String(wire.length);
    res.writeHead(200, headers);
    res.end(wire);
  }

  function bareStatus(res: ServerResponse, status: number, retryAfter: string | null) {
    const headers: Record<string, string> = { 'content-type': 'text/plain' };
    if (retryAfter) headers['retry-after'] = retryAfter;
    res.writeHead(status, headers);
    res.end(`status ${status}\n`);
  }

  function redirect(res: ServerResponse, code: number, location: string) {
    res.writeHead(code, { location, 'content-type': 'text/plain' });
    res.end(`moved to ${location}\n`);
  }

  function opml(): string {
    const outlines = feeds
      .flatMap((_, n) =>
        FIXTURE_FORMATS.map(
          (f) => `    <outline type="rss" text="Fixture ${n} ${f}" xmlUrl="${baseUrl}/feeds/${n}.${f}"/>`,
        ),
      )
      .join('\n');
    return `<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n  <head><title>Fixture feeds</title></head>\n  <body>\n${outlines}\n  </body>\n</opml>\n`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    peak = Math.max(peak, ++active);
    res.once('close', () => active--);
    const url = new URL(req.url ?? '/', baseUrl);
    const q = url.searchParams;
    const parts = url.pathname.split('/').filter(Boolean);
    let m: RegExpExecArray | null;
    if (parts[0] === 'feeds' && (m = /^(\d+)\.(\w+)$/.exec(parts[1] ?? '')) && m[1] && m[2]) {
      const n = Number(m[1]);
      if (n < feedCount && isFixtureFormat(m[2])) return serveFeed(req, res, n, m[2], q);
    }
    if (parts[0] === 'redirect' && parts.length === 3) {
      const code = Number(parts[1]);
      const hops = Number(parts[2]);
      const to = q.get('to') ?? '/feeds/0.rss2';
      const next = hops > 1 ? `/redirect/${code}/${hops - 1}?to=${encodeURIComponent(to)}` : to;
      return redirect(res, code, next);
    }
    if (parts[0] === 'loop' && parts.length === 3) {
      return redirect(res, Number(parts[1]), `/loop/${parts[1]}/${parts[2] === 'a' ? 'b' : 'a'}`);
    }
    if (parts[0] === 'status' && parts[1]) return bareStatus(res, Number(parts[1]), q.get('retryAfter'));
    if (parts[0] === 'gone') return bareStatus(res, 410, null);
    if (parts[0] === 'opml') {
      res.writeHead(200, { 'content-type': 'text/x-opml; charset=utf-8' });
      return res.end(opml());
    }
    if (parts[0] === 'items' && parts.length === 3) {
      // An item's web page, for full-text extraction: a news-article layout around its body.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(articlePage(Number(parts[1]), Number(parts[2])));
    }
    if (parts[0] === 'hub') return bareStatus(res, req.method === 'POST' ? 202 : 405, null);
    bareStatus(res, 404, null);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const feedAt = (n: number) => {
    const f = feeds[n];
    if (!f) throw new RangeError(`no fixture feed ${n} (have ${feedCount})`);
    return f;
  };

  return {
    url: baseUrl,
    port,
    feedCount,
    requests,
    get peakConcurrency() {
      return peak;
    },
    resetPeak() {
      peak = active;
    },
    feedUrl(n, format, query = {}) {
      const qs = new URLSearchParams(
        Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString();
      return `${baseUrl}/feeds/${n}.${format}${qs ? `?${qs}` : ''}`;
    },
    editItems(n, count = 1) {
      const f = feedAt(n);
      for (let j = f.total - 1; j >= Math.max(0, f.total - count); j--)
        f.revisions.set(j, (f.revisions.get(j) ?? 0) + 1);
      f.version++;
    },
    addItems(n, count = 1) {
      const f = feedAt(n);
      f.total += count;
      f.version++;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
