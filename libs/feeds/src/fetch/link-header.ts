/** WebSub hub discovery from HTTP `Link` headers (pure; RFC 8288, WebSub §4). */

/** `Link: <https://hub>; rel="hub"` → absolute hub URLs, in header order. */
export function hubsFromLinkHeader(value: string | null, base: string): string[] {
  if (!value) return [];
  const hubs: string[] = [];
  for (const m of value.matchAll(/<([^>]*)>\s*((?:;[^,<]*)*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(m[2] ?? '');
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes('hub') || !m[1]) continue;
    try {
      hubs.push(new URL(m[1], base).href);
    } catch {
      // an unparseable hub URL: ignore it, the feed still works without WebSub
    }
  }
  return hubs;
}
