import { readRssChannel, readRssItem } from '../rss/reader.ts';
import type { RawRssChannel } from '../rss/reader.ts';
import type { XmlElement } from '../xml/tokenizer.ts';

/**
 * RDF Site Summary (RSS 0.90 / 1.0): the channel describes the feed, but items (and the image)
 * are siblings of the channel under `rdf:RDF`, not its children. The element vocabulary is the
 * RSS one, so the raw model is shared.
 */
export function readRdf(root: XmlElement): RawRssChannel {
  let channel: XmlElement | undefined;
  for (const c of root.children) {
    if (c.local === 'channel' && c.ns === '') {
      channel = c;
      break;
    }
  }
  const raw = readRssChannel(channel ?? { ...root, children: [] });
  for (const c of root.children) {
    if (c.ns !== '') continue;
    if (c.local === 'item') raw.items.push(readRssItem(c));
    else if (c.local === 'image' && raw.imageUrl === '') {
      const url = c.children.find((u) => u.local === 'url');
      raw.imageUrl = url?.text.trim() ?? c.attrs?.['rdf:about'] ?? '';
    }
  }
  return raw;
}
