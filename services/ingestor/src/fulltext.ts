/**
 * `spec.content.fullText` at ingest: each new or edited item's page is fetched with the run's
 * fetcher (same SSRF guard, caps and per-host limit as the feed), its article extracted and stored
 * as the item's content. Unchanged items are never re-fetched (the fetch state skips them), and a
 * replay re-projects the stored events, so a page is fetched once per item version. Pages go one at
 * a time, spaced per host, and a run fetches at most `maxPages`; an item whose page fails keeps the
 * feed's own content. Shared by both ingest modes: it needs a fetcher, a logger and the items.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { NormalizedItem } from '@tributary/feeds';
import { FetchError } from '@tributary/feeds/fetch';
import type { Fetcher } from '@tributary/feeds/fetch';
import { extractArticle } from '@tributary/feeds/fulltext';
import type { Logger } from '@tributary/log';

export const FULLTEXT_FETCH_DEFAULTS = {
  /** Between two page requests to one host: a crawl-delay most robots.txt files accept. */
  perHostSpacingMs: 1000,
  /** Pages per run; items beyond keep the feed's content (a first run of a big feed stays bounded). */
  maxPages: 100,
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
} as const;

export interface FullTextOptions {
  fetcher: Fetcher;
  log: Logger;
  userAgent?: string | undefined;
  signal?: AbortSignal | undefined;
  perHostSpacingMs?: number;
  maxPages?: number;
}

export interface FullTextOutcome {
  items: NormalizedItem[];
  fetched: number;
  failed: number;
  /** Per host: pages whose article was stored / not. */
  byHost: Map<string, { fetched: number; failed: number; lastError: string | null }>;
}

export async function withFullText(items: NormalizedItem[], o: FullTextOptions): Promise<FullTextOutcome> {
  const spacing = o.perHostSpacingMs ?? FULLTEXT_FETCH_DEFAULTS.perHostSpacingMs;
  const maxPages = o.maxPages ?? FULLTEXT_FETCH_DEFAULTS.maxPages;
  const lastAt = new Map<string, number>();
  const byHost: FullTextOutcome['byHost'] = new Map();
  const out: NormalizedItem[] = [];
  let pages = 0;
  let fetched = 0;
  for (const item of items) {
    const host = hostOf(item.link);
    if (!host || pages >= maxPages) {
      out.push(item);
      continue;
    }
    pages++;
    const wait = (lastAt.get(host) ?? -Infinity) + spacing - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal: o.signal });
    const stats = byHost.get(host) ?? { fetched: 0, failed: 0, lastError: null };
    byHost.set(host, stats);
    try {
      const html = await fetchArticle(item.link, o);
      lastAt.set(host, Date.now());
      if (html === null) throw new Error('no readable article on the page');
      stats.fetched++;
      fetched++;
      out.push({ ...item, content: html });
    } catch (err) {
      if (err instanceof FetchError && err.code === 'aborted') throw err;
      lastAt.set(host, Date.now());
      stats.failed++;
      stats.lastError = (err as Error).message;
      o.log.info('full text not stored', { link: item.link, error: stats.lastError });
      out.push(item);
    }
  }
  return { items: out, fetched, failed: pages - fetched, byHost };
}

function hostOf(link: string): string | null {
  try {
    const u = new URL(link);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : null;
  } catch {
    return null;
  }
}

async function fetchArticle(link: string, o: FullTextOptions): Promise<string | null> {
  const res = await o.fetcher.fetch({
    url: link,
    userAgent: o.userAgent,
    timeoutMs: FULLTEXT_FETCH_DEFAULTS.timeoutMs,
    maxBytes: FULLTEXT_FETCH_DEFAULTS.maxBytes,
    signal: o.signal,
  });
  const type = res.contentType ?? '';
  if (type !== '' && !/html/i.test(type)) throw new Error(`not an HTML page (${type})`);
  return extractArticle(res.body, res.url, res.contentType ?? undefined)?.html ?? null;
}
