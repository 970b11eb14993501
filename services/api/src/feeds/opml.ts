/**
 * OPML import/export glue: the OPML document format itself is @tributary/feeds' job; here we map
 * outlines to Feed resources (names, specs, per-entry results) and Feeds to outlines.
 */
import type { Feed, FeedSpec } from '@tributary/feed-api';
import type { HttpProblem } from '@tributary/http';
import type { components } from '../generated/openapi.ts';

export type ImportReport = components['schemas']['ImportReport'];
type ImportResult = ImportReport['results'][number];

export interface OpmlOutline {
  url: string;
  title: string | null;
  categories: string[];
}

const MAX_NAME = 63;

/** A DNS-1123 label from the outline's title or URL host, unique within `taken`. */
export function feedNameFor(outline: OpmlOutline, taken: Set<string>): string {
  let host: string;
  try {
    host = new URL(outline.url).hostname.replace(/^www\./, '');
  } catch {
    host = '';
  }
  const base =
    (outline.title ?? host)
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, MAX_NAME - 4)
      .replace(/-+$/g, '') || 'feed';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

export function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Tags from OPML categories (`/tech/news` → tech, news), cleaned to the CRD's limits. */
export function tagsOf(outline: OpmlOutline): string[] {
  const tags = outline.categories
    .flatMap((c) => c.split(/[/,]/))
    .map((t) => t.trim().toLowerCase().slice(0, 64))
    .filter((t) => t !== '');
  return [...new Set(tags)].slice(0, 32);
}

export interface ImportOptions {
  namespace: string;
  interval: string;
  existingUrls: Set<string>;
  existingNames: Set<string>;
  create: (namespace: string, name: string, spec: FeedSpec) => Promise<unknown>;
  describeError: (err: unknown) => HttpProblem | undefined;
}

/** Creates one Feed per new outline, sequentially (an OPML file is hundreds of entries at most). */
export async function importOutlines(outlines: OpmlOutline[], o: ImportOptions): Promise<ImportReport> {
  const results: ImportResult[] = [];
  const seen = new Set(o.existingUrls);
  for (const outline of outlines) {
    const base = { url: outline.url, title: outline.title };
    if (!isHttpUrl(outline.url)) {
      results.push({ ...base, outcome: 'invalid', detail: 'not an http(s) URL' });
      continue;
    }
    if (seen.has(outline.url)) {
      results.push({ ...base, outcome: 'exists' });
      continue;
    }
    seen.add(outline.url);
    const name = feedNameFor(outline, o.existingNames);
    const tags = tagsOf(outline);
    const spec = { url: outline.url, interval: o.interval, ...(tags.length ? { tags } : {}) } as FeedSpec;
    try {
      await o.create(o.namespace, name, spec);
      results.push({ ...base, namespace: o.namespace, name, outcome: 'created' });
    } catch (err) {
      const problem = o.describeError(err);
      if (!problem) throw err;
      results.push({
        ...base,
        namespace: o.namespace,
        name,
        outcome: problem.status === 422 ? 'invalid' : 'failed',
        detail: problem.message,
      });
    }
  }
  const count = (k: ImportResult['outcome']) => results.filter((r) => r.outcome === k).length;
  return {
    namespace: o.namespace,
    created: count('created'),
    skipped: count('exists'),
    failed: count('failed') + count('invalid'),
    results,
  };
}

export function outlinesOf(feeds: Feed[]): OpmlOutline[] {
  return feeds.map((f) => ({
    url: f.spec.url,
    title: f.metadata.name,
    categories: f.spec.tags ?? [],
  }));
}
