import { decodeHTML } from 'entities';

/**
 * URL identity for LINKS_TO matching: absolute http(s) only, fragment dropped, host lower-cased
 * (by URL parsing), default port dropped, trailing slash of the path dropped. Returns null for
 * anything else (mailto:, relative, malformed).
 */
export function normalizeUrl(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  const path = url.pathname.replace(/\/+$/u, '');
  return `${url.protocol}//${url.host}${path}${url.search}`;
}

const HREF = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/giu;

/**
 * The distinct normalized http(s) targets of `<a href>` in sanitized HTML (the parser already
 * resolved relative URLs). A regex is enough: the input is sanitizer output, not arbitrary HTML.
 */
export function extractLinks(...htmlParts: string[]): string[] {
  const out = new Set<string>();
  for (const html of htmlParts) {
    for (const m of html.matchAll(HREF)) {
      const url = normalizeUrl(decodeHTML(m[1] ?? m[2] ?? m[3] ?? ''));
      if (url !== null) out.add(url);
    }
  }
  return [...out];
}
