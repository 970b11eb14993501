/**
 * Namespace URIs mapped to the short canonical prefixes the readers match on, so a document that
 * binds Dublin Core to `dcel:` still yields `dc` elements. The RSS family (RSS 0.90/1.0, Userland)
 * maps to '' so RSS and RDF readers share one vocabulary.
 */
export const NAMESPACES: Readonly<Record<string, string>> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'https://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.itunes.com/DTDs/Podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/XML/1998/namespace': 'xml',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  'http://purl.org/rss/1.0/modules/syndication/': 'sy',
  'http://purl.org/rss/1.0/modules/slash/': 'slash',
  'http://wellformedweb.org/CommentAPI/': 'wfw',
};

export const ATOM_10_URI = 'http://www.w3.org/2005/Atom';
export const ATOM_03_URI = 'http://purl.org/atom/ns#';

/** Canonical prefix for a namespace URI; unknown URIs keep the document's own prefix. */
export function canonicalPrefix(uri: string, documentPrefix: string): string {
  const known = NAMESPACES[uri] ?? NAMESPACES[uri.trim()];
  return known ?? documentPrefix;
}
