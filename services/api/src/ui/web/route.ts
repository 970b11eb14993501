/** Hash routes (`#/items?q=x`): the ingress routes only `/` and `/ui/`, so the path stays `/`. */
export interface Route {
  page: string;
  /** the path segment after the page, decoded (an item or story id) */
  id: string | null;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const slash = path.indexOf('/');
  const page = (slash < 0 ? path : path.slice(0, slash)) || 'items';
  const id = slash < 0 ? null : decodeURIComponent(path.slice(slash + 1)) || null;
  return { page, id, params };
}

/** `#/page/id?params`, dropping empty params. */
export function href(
  page: string,
  id?: string | null,
  params: Record<string, string | undefined> = {},
): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const qs = p.toString();
  return `#/${page}${id ? '/' + encodeURIComponent(id) : ''}${qs ? '?' + qs : ''}`;
}
