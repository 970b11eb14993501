import { decodeHTML } from 'entities';

/**
 * Bounds the NLP cost per item: tagging is linear in text length and entities worth a graph edge
 * almost always appear early (title, lede). 4,000 characters is roughly a 600-word summary.
 */
export const MAX_TEXT_CHARS = 4000;

// Block-level elements end a sentence-ish unit; without a break "<p>Paris</p><p>London</p>"
// would glue into the span "Paris London".
const BLOCK_TAGS =
  /<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|td|th|table|section|article|figcaption|pre)\b[^>]*>/gi;
const DROPPED_ELEMENTS = /<(script|style|code|pre)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const ANY_TAG = /<[^>]*>/g;

/** Plain text of a (sanitized) HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  if (html === '') return '';
  const blocks = html
    .replace(DROPPED_ELEMENTS, ' ')
    .split(BLOCK_TAGS)
    .map((b) => decodeHTML(b.replace(ANY_TAG, ' ')).replace(/\s+/g, ' ').trim())
    .filter((b) => b !== '');
  return blocks.map((b, i) => (i < blocks.length - 1 ? endSentence(b) : b)).join(' ');
}

function endSentence(text: string): string {
  return /[.!?:;]$/.test(text) ? text : `${text}.`;
}

/** The text entities are extracted from: the title as its own sentence, then the summary. */
export function itemText(title: string, summaryHtml: string, maxChars = MAX_TEXT_CHARS): string {
  const t = htmlToText(title);
  const s = htmlToText(summaryHtml);
  const joined = t && s ? `${endSentence(t)} ${s}` : t || s;
  return joined.length > maxChars ? joined.slice(0, maxChars) : joined;
}
