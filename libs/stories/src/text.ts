/**
 * Text features of an item for story detection: normalized words, word shingles, content words,
 * name-like phrases (a cheap stand-in for entities: the enricher runs after the store, and a story
 * must be decided when the item is stored) and canonical links.
 */
import { decodeHTML } from 'entities';

const DROPPED_ELEMENTS = /<(script|style|figure|aside|nav|footer)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const ANY_TAG = /<[^>]*>/g;

/** Plain text of an HTML fragment; block structure is irrelevant to shingles. */
export function plainText(html: string): string {
  if (html === '') return '';
  return decodeHTML(html.replace(DROPPED_ELEMENTS, ' ').replace(ANY_TAG, ' ')).replace(/\s+/g, ' ').trim();
}

/** Lower case, diacritics folded, digits kept, everything else a separator. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * Function words of the languages feeds most often come in; they carry no topic and would make
 * unrelated items look alike on content words.
 */
const STOPWORDS = new Set(
  (
    'a an and are as at be been but by for from has have he her his in is it its of on or that the their ' +
    'they this to was were will with which who what when where said says say after over new more than ' +
    'about into up out not no we you i our your also can could would should may one two its' +
    ' le la les de des du un une et en est que qui pour dans sur au aux der die das und ist ein eine ' +
    'den dem zu mit von el los las del y con por para se'
  ).split(' '),
);

/** Capitalized but not names: they would make any two items of the same weekday share a "name". */
const CALENDAR = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'.split(
    ' ',
  ),
);

/** Distinct topic-bearing words (no stopwords, at least 3 characters). */
export function contentWords(ws: readonly string[]): string[] {
  return [...new Set(ws.filter((w) => w.length >= 3 && !STOPWORDS.has(w)))];
}

/** Distinct word k-grams joined by a space: the near-duplicate fingerprint's features. */
export function shingles(ws: readonly string[], k = 3): string[] {
  if (ws.length < k) return ws.length ? [ws.join(' ')] : [];
  const out = new Set<string>();
  for (let i = 0; i + k <= ws.length; i++) out.add(ws.slice(i, i + k).join(' '));
  return [...out];
}

/**
 * Name-like phrases: runs of capitalized words not at a sentence start (or of two words or more
 * anywhere), normalized. "Reuters", "the European Central Bank" → "european central bank".
 */
export function names(text: string): string[] {
  const out = new Set<string>();
  const re = /(\p{Lu}[\p{L}\p{N}'’-]*(?:\s+(?:of|de|du|von|van|der|the|al|la)?\s*\p{Lu}[\p{L}\p{N}'’-]*)*)/gu;
  for (const m of text.matchAll(re)) {
    const phrase = m[1]!;
    const start = m.index;
    const before = text.slice(Math.max(0, start - 2), start);
    const sentenceStart = start === 0 || /[.!?:"“]\s*$/u.test(before);
    const ws = words(phrase);
    while (ws.length && (STOPWORDS.has(ws[0]!) || CALENDAR.has(ws[0]!))) ws.shift();
    if (ws.length === 0 || (ws.length === 1 && CALENDAR.has(ws[0]!))) continue;
    if (ws.length === 1 && (sentenceStart || ws[0]!.length < 3 || STOPWORDS.has(ws[0]!))) continue;
    out.add(ws.join(' '));
  }
  return [...out];
}

const TRACKING_PARAM = /^(utm_|fbclid$|gclid$|mc_|ref$|ref_src$|cmpid$|ito$|src$|at_)/i;

/**
 * Scheme-, www-, fragment- and tracking-free form of a URL: syndicated copies link the same article
 * with different campaign tags. '' when not an absolute http(s) URL.
 */
export function canonicalLink(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return '';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return '';
  const params = [...u.searchParams]
    .filter(([k]) => !TRACKING_PARAM.test(k))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const path = u.pathname.replace(/\/+$/, '') || '/';
  return `${u.hostname.replace(/^www\./, '').toLowerCase()}${path}${query}`;
}

/** Canonical forms of the links an HTML fragment cites (href attributes), own host excluded. */
export function citedLinks(html: string, ownLink: string): string[] {
  const own = canonicalLink(ownLink);
  const ownHost = own.split('/')[0];
  const out = new Set<string>();
  for (const m of html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
    const c = canonicalLink(decodeHTML(m[1]!));
    // A path is needed: a bare home page is cited by unrelated items of the same site.
    if (c !== '' && c !== own && c.split('/')[0] !== ownHost && !c.endsWith('/')) out.add(c);
  }
  return [...out].sort();
}

/** Host of a URL without www. ('' if none): a story's sources are counted by domain. */
export function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '').toLowerCase();
  } catch {
    return '';
  }
}
