import { ParseError } from '../errors.ts';
import { MAX_HTML_FIELD_CHARS, MAX_ITEMS, MAX_NAMESPACE_DECLARATIONS, MAX_NODES } from '../limits.ts';
import { decodeXmlText } from './entities.ts';
import { canonicalPrefix } from './namespaces.ts';

/**
 * A compact element tree built in one pass over the source string (indexOf-driven, no DOM, no
 * per-character callbacks). Enough structure for the feed readers; raw inner markup stays in the
 * source and is sliced only when a reader needs it (XHTML content, unescaped HTML in RSS).
 */
export interface XmlElement {
  /** Canonical namespace prefix (see namespaces.ts); '' for no namespace / the RSS family. */
  ns: string;
  local: string;
  /** Namespace URI as declared (empty when none); used for format detection. */
  uri: string;
  /** Attributes keyed by canonical name (`href`, `xml:base`, `rdf:about`); null when none. */
  attrs: Record<string, string> | null;
  children: XmlElement[];
  /** Decoded direct text and CDATA up to the first child element (see htmlOf for mixed content). */
  text: string;
  /** Source offsets of the inner markup (between the start and end tags). */
  innerStart: number;
  innerEnd: number;
  /** The tag name as written, for matching the end tag. */
  qname: string;
}

export interface XmlDocument {
  root: XmlElement;
  source: string;
}

/** Nesting deeper than this is not a feed; refusing it keeps every later walk bounded. */
export const MAX_DEPTH = 256;

type Scope = Record<string, string>;

/** Shared by every childless element until its first child: most elements are leaves. */
const NO_CHILDREN: XmlElement[] = [];

const WS = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
const NAME_END = (c: number) =>
  c === 32 || c === 10 || c === 9 || c === 13 || c === 62 || c === 47 || c === 61;

/** The default namespace key inside a scope (not a valid prefix, so it cannot collide). */
const DEFAULT = ':';
/** Undeclared prefixes (a common breakage: `<dc:creator>` with no xmlns:dc) keep their name. */
// No prototype: a prefix such as `constructor` must not find Object.prototype's.
const ROOT_SCOPE: Scope = Object.assign(Object.create(null) as Scope, { [DEFAULT]: '', xml: 'xml' });
const ROOT_URIS: Scope = Object.assign(Object.create(null) as Scope, { [DEFAULT]: '' });

/**
 * Parses XML leniently: unknown/unterminated entities stay literal, a stray `<` is text,
 * mismatched end tags close up to the matching open element (or are ignored), unclosed elements
 * are closed at the end. DOCTYPE and processing instructions are skipped; no entity from a DTD is
 * ever expanded.
 */
export function parseXml(src: string): XmlDocument {
  const n = src.length;
  const stack: XmlElement[] = [];
  const scopes: Scope[] = [];
  const uriScopes: Scope[] = [];
  let scope = ROOT_SCOPE;
  let uris = ROOT_URIS;
  let root: XmlElement | null = null;
  let top: XmlElement | null = null;
  let pos = 0;
  let nodes = 0;
  const countNode = () => {
    if (++nodes > MAX_NODES)
      throw new ParseError('too-large', `more than ${MAX_NODES} XML elements and attributes`);
  };
  let items = 0;

  const pop = (end: number) => {
    const el = stack.pop() as XmlElement;
    el.innerEnd = end;
    scopes.pop();
    uriScopes.pop();
    top = stack.length > 0 ? (stack[stack.length - 1] as XmlElement) : null;
    scope = scopes.length > 0 ? (scopes[scopes.length - 1] as Scope) : ROOT_SCOPE;
    uris = uriScopes.length > 0 ? (uriScopes[uriScopes.length - 1] as Scope) : ROOT_URIS;
  };

  while (pos < n) {
    const lt = src.indexOf('<', pos);
    const textEnd = lt === -1 ? n : lt;
    // Text of an element that already has children is never read (readers take the raw inner
    // markup of mixed content), so skip slicing and decoding the whitespace between elements.
    if (textEnd > pos && top !== null && top.children.length === 0) {
      // Checked on the text as written, before decoding (which never lengthens it) copies it.
      if (top.text.length + (textEnd - pos) > MAX_HTML_FIELD_CHARS) tooLong(top);
      top.text += decodeXmlText(src.slice(pos, textEnd));
    }
    if (lt === -1) break;
    const c = src.charCodeAt(lt + 1);

    if (c === 47 /* / */) {
      let gt = src.indexOf('>', lt + 2);
      if (gt === -1) gt = n;
      const name = src.slice(lt + 2, gt).trim();
      for (let i = stack.length - 1; i >= 0; i--) {
        if ((stack[i] as XmlElement).qname === name) {
          while (stack.length > i) pop(lt);
          break;
        }
      }
      pos = gt + 1;
      continue;
    }

    if (c === 33 /* ! */) {
      if (src.startsWith('<!--', lt)) {
        const end = src.indexOf('-->', lt + 4);
        pos = end === -1 ? n : end + 3;
      } else if (src.startsWith('<![CDATA[', lt)) {
        let end = src.indexOf(']]>', lt + 9);
        if (end === -1) end = n;
        if (top !== null && top.children.length === 0) {
          if (top.text.length + (end - lt - 9) > MAX_HTML_FIELD_CHARS) tooLong(top);
          top.text += src.slice(lt + 9, end);
        }
        pos = end + 3;
      } else {
        pos = skipDeclaration(src, lt);
      }
      continue;
    }

    if (c === 63 /* ? */) {
      const end = src.indexOf('?>', lt + 2);
      pos = end === -1 ? n : end + 2;
      continue;
    }

    if (!(c >= 65 && c <= 90) && !(c >= 97 && c <= 122) && c !== 95 && c !== 58 && !(c > 127)) {
      // A lone '<' (e.g. "a < b" in badly escaped text) is text, not markup.
      if (top !== null) top.text += '<';
      pos = lt + 1;
      continue;
    }

    // Start tag: name, then attributes.
    let i = lt + 1;
    while (i < n && !NAME_END(src.charCodeAt(i))) i++;
    const qname = src.slice(lt + 1, i);
    let rawAttrs: string[] | null = null;
    let selfClosing = false;
    for (;;) {
      while (i < n && WS(src.charCodeAt(i))) i++;
      if (i >= n) break;
      const ch = src.charCodeAt(i);
      if (ch === 62 /* > */) {
        i++;
        break;
      }
      if (ch === 47 /* / */) {
        if (src.charCodeAt(i + 1) === 62) {
          selfClosing = true;
          i += 2;
          break;
        }
        i++;
        continue;
      }
      const nameStart = i;
      while (i < n && !NAME_END(src.charCodeAt(i))) i++;
      if (i === nameStart) {
        i++; // a stray '=' or similar: skip it
        continue;
      }
      const attrName = src.slice(nameStart, i);
      while (i < n && WS(src.charCodeAt(i))) i++;
      let value = '';
      if (src.charCodeAt(i) === 61 /* = */) {
        i++;
        while (i < n && WS(src.charCodeAt(i))) i++;
        const q = src.charCodeAt(i);
        if (q === 34 || q === 39) {
          let end = src.indexOf(q === 34 ? '"' : "'", i + 1);
          if (end === -1) end = n;
          value = decodeXmlText(src.slice(i + 1, end));
          i = end + 1;
        } else {
          const vStart = i;
          while (i < n && !WS(src.charCodeAt(i)) && src.charCodeAt(i) !== 62) i++;
          value = decodeXmlText(src.slice(vStart, i));
        }
      }
      countNode(); // an attribute costs about what an element does
      (rawAttrs ??= []).push(attrName, value);
    }

    // Namespace declarations open a new scope; elements without them share the parent's.
    let elScope = scope;
    let elUris = uris;
    if (rawAttrs !== null) {
      let declarations = 0;
      for (let k = 0; k < rawAttrs.length; k += 2) {
        const an = rawAttrs[k] as string;
        if (an === 'xmlns' || an.startsWith('xmlns:')) {
          if (++declarations > MAX_NAMESPACE_DECLARATIONS)
            throw new ParseError(
              'too-large',
              `more than ${MAX_NAMESPACE_DECLARATIONS} namespace declarations on <${qname}>`,
            );
          const prefix = an.length === 5 ? DEFAULT : an.slice(6);
          const uri = (rawAttrs[k + 1] as string).trim();
          // Chained, not copied: a root with thousands of declarations and thousands of children
          // declaring one more each would copy the whole scope per child (quadratic).
          if (elScope === scope) {
            elScope = Object.create(scope) as Scope;
            elUris = Object.create(uris) as Scope;
          }
          elScope[prefix] = canonicalPrefix(uri, prefix === DEFAULT ? '' : prefix);
          elUris[prefix] = uri;
        }
      }
    }

    const colon = qname.indexOf(':');
    let ns: string;
    let local: string;
    let uri: string;
    if (colon === -1) {
      ns = elScope[DEFAULT] ?? '';
      uri = elUris[DEFAULT] ?? '';
      local = qname;
    } else {
      const prefix = qname.slice(0, colon);
      ns = elScope[prefix] ?? prefix;
      uri = elUris[prefix] ?? '';
      local = qname.slice(colon + 1);
    }

    if (ns === '' && local !== local.toLowerCase()) local = rssName(local);

    let attrs: Record<string, string> | null = null;
    if (rawAttrs !== null) {
      for (let k = 0; k < rawAttrs.length; k += 2) {
        const an = rawAttrs[k] as string;
        if (an === 'xmlns' || an.startsWith('xmlns:')) continue;
        const ac = an.indexOf(':');
        // Unprefixed attributes have no namespace; prefixed ones get the canonical prefix.
        const key = ac === -1 ? an : (elScope[an.slice(0, ac)] ?? an.slice(0, ac)) + ':' + an.slice(ac + 1);
        (attrs ??= {})[key] = rawAttrs[k + 1] as string;
      }
    }

    // An <item>/<entry> never nests: a new one while one is open means the previous was not closed.
    if ((local === 'item' || local === 'entry') && stack.length > 1) {
      for (let k = stack.length - 1; k >= 1; k--) {
        if ((stack[k] as XmlElement).qname === qname) {
          while (stack.length > k) pop(lt);
          break;
        }
      }
    }
    countNode();
    if ((local === 'item' || local === 'entry') && ++items > MAX_ITEMS)
      throw new ParseError('too-large', `more than ${MAX_ITEMS} items`);
    const el: XmlElement = {
      ns,
      local,
      uri,
      attrs,
      children: NO_CHILDREN,
      text: '',
      innerStart: i,
      innerEnd: i,
      qname,
    };
    if (top !== null) {
      if (top.children === NO_CHILDREN) top.children = [el];
      else top.children.push(el);
    } else if (root === null) root = el;
    else {
      // A second top-level element: the document ended; ignore trailing junk.
      break;
    }
    if (!selfClosing) {
      if (stack.length >= MAX_DEPTH)
        throw new ParseError('too-large', `XML nesting deeper than ${MAX_DEPTH}`);
      stack.push(el);
      scopes.push(elScope);
      uriScopes.push(elUris);
      top = el;
      scope = elScope;
      uris = elUris;
    }
    pos = i;
  }
  while (stack.length > 0) pop(n);
  if (root === null) throw new ParseError('malformed', 'no XML root element');
  return { root, source: src };
}

/** The RSS names readers match that are not all lowercase. */
const CAMEL_CASE: Record<string, string> = {
  pubdate: 'pubDate',
  lastbuilddate: 'lastBuildDate',
  managingeditor: 'managingEditor',
};

/**
 * Un-namespaced (RSS family) element names match case-insensitively: feeds in the wild write
 * `<Title>`, `<Item>` or `<PUBDATE>`, and no RSS vocabulary has two names differing only in case.
 */
function rssName(local: string): string {
  const lower = local.toLowerCase();
  return CAMEL_CASE[lower] ?? lower;
}

/** No field may be longer: refusing here spares every later copy of a huge text. */
function tooLong(el: XmlElement): never {
  throw new ParseError('too-large', `<${el.qname}> text exceeds ${MAX_HTML_FIELD_CHARS} characters`);
}

/**
 * Position after `<!DOCTYPE ...>` including an internal subset `[...]`, or any other `<!...>`.
 * Quoted literals, comments and processing instructions inside it are skipped whole: a `]` or
 * `>` in them does not end the declaration (as in expat).
 */
export function skipDeclaration(src: string, lt: number): number {
  let depth = 0;
  for (let i = lt + 2; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 91 /* [ */) depth++;
    else if (c === 93 /* ] */) depth--;
    else if (c === 62 /* > */ && depth <= 0) return i + 1;
    else if (c === 34 || c === 39 || c === 60 /* < */) {
      const close =
        c === 34
          ? '"'
          : c === 39
            ? "'"
            : src.startsWith('<!--', i)
              ? '-->'
              : src.startsWith('<?', i)
                ? '?>'
                : '';
      if (close === '') continue;
      const end = src.indexOf(close, i + (c === 60 ? 2 : 1));
      if (end === -1) return src.length;
      i = end + close.length - 1;
    }
  }
  return src.length;
}
