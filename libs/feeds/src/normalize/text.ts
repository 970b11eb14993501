import { decodeHTML } from 'entities/decode';

const SPACE_RUN = /\s+/g;
const NEEDS_COLLAPSE = /[\n\r\t\f\v\u00a0]|\s\s/;

/** Trims and collapses whitespace runs (titles, names, categories are single-line text). */
export function cleanText(s: string): string {
  const t = s.trim();
  return NEEDS_COLLAPSE.test(t) ? t.replace(SPACE_RUN, ' ') : t;
}

const TAG = /<\/?[a-zA-Z][^>]*>|<!--[\s\S]*?-->/g;
const LOOKS_LIKE_TAG = /<\/?[a-zA-Z][^>]*>/;

/** Text of an HTML fragment: tags removed, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  const stripped = html.indexOf('<') === -1 ? html : html.replace(TAG, ' ');
  return cleanText(stripped.indexOf('&') === -1 ? stripped : decodeHTML(stripped));
}

/** A title that is plain text in principle but sometimes carries markup (RSS in the wild). */
export function plainTitle(text: string): string {
  return LOOKS_LIKE_TAG.test(text) ? htmlToText(text) : cleanText(text);
}

/** Plain text as HTML (Atom type="text", JSON content_text). */
export function textToHtml(text: string): string {
  const t = text.trim();
  return /[&<>"]/.test(t)
    ? t.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
    : t;
}
