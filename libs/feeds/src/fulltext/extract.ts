/**
 * Full text of an item's page (pure): Mozilla's Readability (Firefox Reader View) finds the article
 * in a linkedom document, and our sanitizer makes it safe to store as item content — Readability
 * keeps markup it does not understand, so its output is never trusted as is. Null when the page has
 * no readable article (a front page, a login wall, an app shell).
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodeBody } from '../encoding/decode.ts';
import { sanitizeHtml } from '../normalize/sanitize.ts';
import { htmlToText } from '../normalize/text.ts';

export interface Article {
  title: string;
  byline: string;
  /** Sanitized HTML, relative URLs resolved against the page URL. */
  html: string;
  /** Characters of plain text in the article. */
  textLength: number;
}

export const FULLTEXT_DEFAULTS = {
  /** Readability's minimum article length: shorter "articles" are teasers or chrome. */
  minChars: 500,
  /** Elements Readability may look at: bounds its work on a huge page. */
  maxElems: 20_000,
} as const;

/** `page` is HTML text, or the fetched bytes decoded by their Content-Type charset. */
export function extractArticle(page: string | Uint8Array, url: string, contentType?: string): Article | null {
  const html = typeof page === 'string' ? page : decodeBody(page, contentType);
  const { document } = parseHTML(html);
  let parsed: ReturnType<Readability<string>['parse']>;
  try {
    parsed = new Readability(document as unknown as Document, {
      charThreshold: FULLTEXT_DEFAULTS.minChars,
      maxElemsToParse: FULLTEXT_DEFAULTS.maxElems,
    }).parse();
  } catch {
    // maxElemsToParse exceeded: too big to read, not an error of ours.
    return null;
  }
  if (!parsed?.content) return null;
  const clean = sanitizeHtml(parsed.content, url);
  const textLength = htmlToText(clean).length;
  if (textLength < FULLTEXT_DEFAULTS.minChars) return null;
  return {
    title: (parsed.title ?? '').trim(),
    byline: (parsed.byline ?? '').trim(),
    html: clean,
    textLength,
  };
}
