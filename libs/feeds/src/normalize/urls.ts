/**
 * URL resolution and canonicalization. Absolute URLs are kept as written (faithful to the
 * document) unless they carry tracking parameters; relative ones are resolved against the base
 * (xml:base chain, else the document URL, else the feed's site link).
 */

/** Query parameters that only identify a campaign or a click, never the resource. */
const TRACKING_PARAM =
  /^(?:utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_hsenc|_hsmi|__hssc|__hstc|__hsfp|hsctatracking|igshid|twclid|ttclid|li_fat_id|mkt_tok|oly_anon_id|oly_enc_id|vero_id|vero_conv|_openstat|rb_clickid|s_cid|wickedid|ref_src|ref_url)$/i;
const TRACKING_HINT =
  /[?&](?:utm_|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_hs|__hs|hsctatracking|igshid|twclid|ttclid|li_fat_id|mkt_tok|oly_|vero_|_openstat|rb_clickid|s_cid|wickedid|ref_src|ref_url)/i;
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;
/**
 * The one scheme policy for every URL the parser emits (feed and item fields, and href/cite in
 * sanitized HTML): anything else (javascript:, data:, vbscript:, unknown schemes) is dropped.
 */
export const LINK_SCHEMES =
  /^(?:https?|ftp|mailto|tel|magnet|gopher|news|nntp|feed|urn|tag|ipfs|ipns|ni|sip|xmpp|irc|ircs):/i;
/** Embedded resources (img/video/audio src, srcset, poster): fetched by the reader's browser. */
export const MEDIA_SCHEMES = /^https?:/i;

/** Resolves `ref` against `base` (if relative) and strips tracking parameters. '' stays ''. */
export function resolveUrl(ref: string, base: string | undefined): string {
  let url = ref.trim();
  if (url === '') return '';
  if (!ABSOLUTE.test(url)) {
    if (base === undefined || base === '') return url;
    const resolved = resolveSimple(url, base) ?? URL.parse(url, base)?.href;
    if (resolved === undefined) return url;
    url = resolved;
  }
  return stripTracking(url);
}

/** A path of plain URL characters without dot segments: joining strings gives what URL would. */
const SIMPLE_PATH = /^[A-Za-z0-9\-_~!$&()*+,;=:@%][A-Za-z0-9\-._~!$&()*+,;=:@%/?#]*$/;
const SIMPLE_ABS_PATH = /^\/[A-Za-z0-9\-_~!$&()*+,;=:@%][A-Za-z0-9\-._~!$&()*+,;=:@%/?#]*$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:[/?#]|$)/i;

let lastBase = '';
let lastOrigin: string | null = null;
let lastDir = '';

/**
 * Hot-path resolution for the common cases ("/path", "dir/file") against an http(s) base,
 * without building URL objects; null sends the caller to the full WHATWG algorithm.
 */
function resolveSimple(ref: string, base: string): string | null {
  if (base !== lastBase) {
    lastBase = base;
    const parsed = URL.parse(base);
    if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) lastOrigin = null;
    else {
      lastOrigin = parsed.origin;
      lastDir = parsed.pathname.slice(0, parsed.pathname.lastIndexOf('/') + 1);
    }
  }
  if (lastOrigin === null || DOT_SEGMENT.test(ref)) return null;
  if (ref.charCodeAt(0) === 47 /* / */) return SIMPLE_ABS_PATH.test(ref) ? lastOrigin + ref : null;
  return SIMPLE_PATH.test(ref) && ref.indexOf(':') === -1 ? lastOrigin + lastDir + ref : null;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_ALL = /[\u0000-\u001f\u007f]+/g;

/**
 * Like resolveUrl, but '' for a scheme outside `schemes`: what every URL-valued field goes
 * through. Browsers drop tabs, newlines and other control characters inside URLs, so
 * "jav\tascript:" is javascript: to them; the policy sees (and returns) the URL without them.
 */
export function resolveLink(ref: string, base: string | undefined, schemes: RegExp = LINK_SCHEMES): string {
  const compact = (CONTROL.test(ref) ? ref.replace(CONTROL_ALL, '') : ref).trim();
  const url = resolveUrl(compact, base);
  if (url === '') return '';
  if (ABSOLUTE.test(url)) return schemes.test(url) ? url : '';
  // Still relative (no base known): keep it unless a scheme-like prefix hides in it.
  return url.includes(':') && !url.includes('/') ? '' : url;
}

/** Drops tracking parameters from the query, leaving every other byte of the URL as it was. */
export function stripTracking(url: string): string {
  if (!TRACKING_HINT.test(url)) return url;
  const q = url.indexOf('?');
  if (q === -1) return url;
  let hash = url.indexOf('#', q);
  if (hash === -1) hash = url.length;
  const kept = url
    .slice(q + 1, hash)
    .split('&')
    .filter((pair) => {
      if (pair === '') return false;
      const eq = pair.indexOf('=');
      return !TRACKING_PARAM.test(eq === -1 ? pair : pair.slice(0, eq));
    });
  return url.slice(0, q) + (kept.length > 0 ? '?' + kept.join('&') : '') + url.slice(hash);
}

/** True when `url` can serve as a base for resolution (absolute, hierarchical). */
export function isAbsoluteUrl(url: string): boolean {
  return ABSOLUTE.test(url) && URL.canParse(url);
}

/** Applies an xml:base attribute on top of the inherited base. */
export function withBase(xmlBase: string | undefined, inherited: string | undefined): string | undefined {
  if (xmlBase === undefined || xmlBase.trim() === '') return inherited;
  const resolved = resolveLink(xmlBase, inherited);
  return isAbsoluteUrl(resolved) ? resolved : inherited;
}
