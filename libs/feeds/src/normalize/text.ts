import { decodeHTML } from 'entities/decode';

const SPACE_RUN = /\s+/g;
const NEEDS_COLLAPSE = /[\n\r\t\f\v\u00a0]|\s\s/;

/** Trims and collapses whitespace runs (titles, names, categories are single-line text). */
export function cleanText(s: string): string {
  const t = s.trim();
  return NEEDS_COLLAPSE.test(t) ? t.replace(SPACE_RUN, ' ') : t;
}

/**
 * Text of an HTML fragment: tags removed, comments and the content of script/style dropped,
 * entities decoded, whitespace collapsed. One forward scan: a `<` with no `>` after it (hostile
 * `<a<a<a…` titles) makes the rest literal text at once instead of being re-searched per `<`.
 */
export function htmlToText(html: string): string {
  const stripped = html.indexOf('<') === -1 ? html : stripTags(html);
  return cleanText(stripped.indexOf('&') === -1 ? stripped : decodeHTML(stripped));
}

/** A title that is plain text in principle but sometimes carries markup (RSS in the wild). */
export function plainTitle(text: string): string {
  return tagStart(text, 0, text.lastIndexOf('>')) === -1 ? cleanText(text) : htmlToText(text);
}

const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** Index of the next `<name`, `</name` or `<!--` from `from` that a `>` at or before `lastGt` closes. */
function tagStart(s: string, from: number, lastGt: number): number {
  for (let lt = s.indexOf('<', from); lt !== -1 && lt < lastGt; lt = s.indexOf('<', lt + 1)) {
    const c = s.charCodeAt(lt + 1);
    if (isAlpha(c) || (c === 47 && isAlpha(s.charCodeAt(lt + 2))) || s.startsWith('<!--', lt)) return lt;
  }
  return -1;
}

const RAW_TEXT = /^<(script|style)[\s>/]/i;

function stripTags(html: string): string {
  let out = '';
  let pos = 0;
  let lower: string | null = null;
  const lastGt = html.lastIndexOf('>');
  for (let lt = tagStart(html, 0, lastGt); lt !== -1; lt = tagStart(html, pos, lastGt)) {
    out += html.slice(pos, lt) + ' ';
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      pos = end === -1 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt);
    pos = gt + 1;
    const raw = RAW_TEXT.exec(html.slice(lt, lt + 8));
    if (raw !== null) {
      // Code is not text: skip to the matching end tag (case-insensitive), or drop the rest.
      lower ??= html.toLowerCase();
      const close = lower.indexOf('</' + (raw[1] as string).toLowerCase(), pos);
      const closeGt = close === -1 ? -1 : html.indexOf('>', close);
      pos = closeGt === -1 ? html.length : closeGt + 1;
    }
  }
  return out + html.slice(pos);
}

/** Plain text as HTML (Atom type="text", JSON content_text). */
export function textToHtml(text: string): string {
  const t = text.trim();
  return /[&<>"]/.test(t)
    ? t.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
    : t;
}
