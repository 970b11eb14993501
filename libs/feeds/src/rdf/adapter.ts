import type { ParsedFeed } from '../model.ts';
import { adaptRss } from '../rss/adapter.ts';
import type { RawRssChannel } from '../rss/reader.ts';
import type { XmlDocument } from '../xml/tokenizer.ts';

/** RDF maps like RSS (same vocabulary); only the format label and item placement differ. */
export function adaptRdf(raw: RawRssChannel, doc: XmlDocument, url: string | undefined): ParsedFeed {
  return adaptRss(raw, { doc, format: 'rdf', url });
}
