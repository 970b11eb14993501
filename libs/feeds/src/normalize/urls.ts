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
/** Schemes a link may carry; anything else (javascript:, data:, vbscript:) is dropped. */
const SAFE_LINK_SCHEME =
  /^(?:https?|ftp|mailto|tel|magnet|gopher|news|nntp|feed|urn|tag|ipfs|ipns|ni|sip|xmpp|irc|ircs):/i;

/** Resolves `ref` against `base` (if relative) and strips tracking parameters. '' stays ''. */
export function resolveUrl(ref: string, base: string | undefined): string {
  let url = ref.trim();
  if (url === '') return '';
  if (!ABSOLUTE.test(url)) {
    if (base === undefined || base === '') return url;
    const resolved = URL.parse(url, base);
    if (resolved === null) return url;
    url = resolved.href;
  }
  return stripTracking(url);
}

/** Like resolveUrl, but '' for schemes that must never reach a client (javascript:, data:, ...). */
export function resolveLink(ref: string, base: string | undefined): string {
  const url = resolveUrl(ref, base);
  if (url === '' || !ABSOLUTE.test(url)) return url;
  return SAFE_LINK_SCHEME.test(url) ? url : '';
}

export function stripTracking(url: string): string {
  if (!TRACKING_HINT.test(url)) return url;
  const parsed = URL.parse(url);
  if (parsed === null) return url;
  const drop: string[] = [];
  for (const key of parsed.searchParams.keys()) if (TRACKING_PARAM.test(key)) drop.push(key);
  if (drop.length === 0) return url;
  for (const key of drop) parsed.searchParams.delete(key);
  return parsed.href;
}

/** True when `url` can serve as a base for resolution (absolute, hierarchical). */
export function isAbsoluteUrl(url: string): boolean {
  return ABSOLUTE.test(url) && URL.canParse(url);
}

/** Applies an xml:base attribute on top of the inherited base. */
export function withBase(xmlBase: string | undefined, inherited: string | undefined): string | undefined {
  if (xmlBase === undefined || xmlBase.trim() === '') return inherited;
  const resolved = resolveUrl(xmlBase, inherited);
  return isAbsoluteUrl(resolved) ? resolved : inherited;
}
