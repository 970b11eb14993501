/**
 * Size limits of one parsed document, chosen so a document inside the fetcher's 15 MiB cap parses
 * inside the ingest job's memory limit whatever its shape (bench/adversarial.bench.ts measures
 * it). Exceeding one is a `too-large` ParseError: refusing beats a truncated, silently partial feed.
 */

/** Items (RSS item, Atom entry, JSON Feed item): several times the largest real feeds (podcast archives). */
export const MAX_ITEMS = 25_000;
/**
 * XML elements and attributes, or JSON objects and arrays, in one document (20 per item at the
 * item cap). Each costs a few hundred bytes of heap through parsing and normalization: this
 * bounds the total (bench/results/adversarial.md).
 */
export const MAX_NODES = 500_000;
/**
 * Namespace declarations on one XML element (real roots declare a dozen; Atom content often
 * redeclares one per entry, so the count is per element, not per document).
 */
export const MAX_NAMESPACE_DECLARATIONS = 1_000;
/** One item's (or the feed's) HTML field: content, summary, description; also any element's text. */
export const MAX_HTML_FIELD_CHARS = 4 * 1024 * 1024;
/** One single-line field: title, guid, link, author, category, URL, date. */
export const MAX_TEXT_FIELD_CHARS = 64 * 1024;
