/**
 * Entity name normalization: a display name for people to read and a key that makes the same
 * entity from different feeds land on one graph node (case-, whitespace-, diacritics- and
 * possessive-insensitive).
 */

const POSSESSIVE = /['’]s?$/u;
const EDGE_PUNCT = /^[^\p{L}\p{N}@]+|[^\p{L}\p{N}.)]+$/gu;

/** The surface form cleaned up for display: NFC, single spaces, no possessive, no edge punctuation. */
export function displayName(surface: string): string {
  return surface
    .normalize('NFC')
    .split(/\s+/u)
    .map((w) => w.replace(POSSESSIVE, ''))
    .join(' ')
    .replace(EDGE_PUNCT, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The identity of a name; shared with the graph, whose Entity.id is `type:key`. */
export { entityKey } from '@tributary/graph/entity';

/**
 * Words that a tagger marks as names in headlines and boilerplate but that never identify an
 * entity worth a graph node (weekdays, months, feed furniture, pronouns, titles alone).
 */
const STOP_KEYS = new Set([
  ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  ...['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august'],
  ...['september', 'october', 'november', 'december', 'today', 'yesterday', 'tomorrow'],
  ...['the', 'a', 'an', 'this', 'that', 'these', 'those', 'i', 'we', 'you', 'he', 'she', 'it'],
  ...['they', 'our', 'his', 'her', 'their', 'mr', 'mrs', 'ms', 'dr', 'prof', 'sir'],
  ...['read more', 'continue reading', 'click here', 'more', 'via', 'photo', 'image', 'video'],
  ...['update', 'updated', 'breaking', 'news', 'exclusive', 'opinion', 'analysis', 'live'],
  ...['comments', 'comment', 'share', 'subscribe', 'newsletter', 'podcast', 'editor', 'admin'],
  ...['ceo', 'cto', 'cfo', 'faq', 'rss', 'pdf', 'html', 'http', 'https', 'www'],
]);

/** Longest name kept: longer spans are tagging accidents (a whole Title Case headline). */
export const MAX_NAME_WORDS = 6;

/** True for keys that should not become entities. */
export function isJunkKey(key: string): boolean {
  if (key.length < 2 || key.length > 80) return true;
  if (STOP_KEYS.has(key)) return true;
  if (/^[\p{N}\s&+]+$/u.test(key)) return true;
  return key.split(' ').length > MAX_NAME_WORDS;
}
