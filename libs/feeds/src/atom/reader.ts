import type { XmlElement } from '../xml/tokenizer.ts';

/**
 * The raw Atom document model (1.0 and 0.3 share it: 0.3's tagline/issued/modified/created/copyright
 * are read into the 1.0 slots' 0.3 twins). Elements are kept, not interpreted: text constructs
 * need their `type`/`mode` and xml:base at adaptation time.
 */
export interface RawAtomFeed {
  el: XmlElement;
  title?: XmlElement;
  subtitle?: XmlElement;
  links: XmlElement[];
  id: string;
  updated: string;
  authors: XmlElement[];
  categories: XmlElement[];
  logo: string;
  icon: string;
  generator?: XmlElement;
  entries: RawAtomEntry[];
}

export interface RawAtomEntry {
  el: XmlElement;
  id: string;
  title?: XmlElement;
  links: XmlElement[];
  published: string;
  updated: string;
  created: string;
  summary?: XmlElement;
  content?: XmlElement;
  authors: XmlElement[];
  categories: XmlElement[];
  dcSubjects: string[];
  dcCreators: string[];
  mediaContents: XmlElement[];
  mediaDescription?: XmlElement;
}

/** Atom elements: in the Atom namespace, or in none when a broken feed forgot the xmlns. */
const isAtom = (c: XmlElement) => c.ns === 'atom' || c.ns === '';

export function readAtom(root: XmlElement): RawAtomFeed {
  const raw: RawAtomFeed = {
    el: root,
    links: [],
    id: '',
    updated: '',
    authors: [],
    categories: [],
    logo: '',
    icon: '',
    entries: [],
  };
  for (const c of root.children) {
    if (!isAtom(c)) continue;
    switch (c.local) {
      case 'entry':
        raw.entries.push(readAtomEntry(c));
        break;
      case 'title':
        raw.title ??= c;
        break;
      case 'subtitle':
      case 'tagline':
        raw.subtitle ??= c;
        break;
      case 'link':
        raw.links.push(c);
        break;
      case 'id':
        raw.id ||= c.text.trim();
        break;
      case 'updated':
      case 'modified':
        raw.updated ||= c.text;
        break;
      case 'author':
        raw.authors.push(c);
        break;
      case 'category':
        raw.categories.push(c);
        break;
      case 'logo':
        raw.logo ||= c.text.trim();
        break;
      case 'icon':
        raw.icon ||= c.text.trim();
        break;
      case 'generator':
        raw.generator ??= c;
        break;
    }
  }
  return raw;
}

export function readAtomEntry(entry: XmlElement): RawAtomEntry {
  const raw: RawAtomEntry = {
    el: entry,
    id: '',
    links: [],
    published: '',
    updated: '',
    created: '',
    authors: [],
    categories: [],
    dcSubjects: [],
    dcCreators: [],
    mediaContents: [],
  };
  for (const c of entry.children) {
    if (isAtom(c)) {
      switch (c.local) {
        case 'id':
          raw.id ||= c.text.trim();
          break;
        case 'title':
          raw.title ??= c;
          break;
        case 'link':
          raw.links.push(c);
          break;
        case 'published':
        case 'issued':
          raw.published ||= c.text;
          break;
        case 'updated':
        case 'modified':
          raw.updated ||= c.text;
          break;
        case 'created':
          raw.created ||= c.text;
          break;
        case 'summary':
          raw.summary ??= c;
          break;
        case 'content':
          raw.content ??= c;
          break;
        case 'author':
          raw.authors.push(c);
          break;
        case 'category':
          raw.categories.push(c);
          break;
      }
    } else if (c.ns === 'dc') {
      if (c.local === 'subject') raw.dcSubjects.push(c.text);
      else if (c.local === 'creator') raw.dcCreators.push(c.text);
      else if (c.local === 'date') raw.published ||= c.text;
    } else if (c.ns === 'media') {
      if (c.local === 'content') raw.mediaContents.push(c);
      else if (c.local === 'description') raw.mediaDescription ??= c;
      else if (c.local === 'group') {
        for (const g of c.children) {
          if (g.ns !== 'media') continue;
          if (g.local === 'content') raw.mediaContents.push(g);
          else if (g.local === 'description') raw.mediaDescription ??= g;
        }
      }
    }
  }
  return raw;
}
