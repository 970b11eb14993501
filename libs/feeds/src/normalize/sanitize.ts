import { decodeHTML, decodeHTMLAttribute } from 'entities/decode';
import { defaultTreeAdapter, html as HTML5, parseFragment } from 'parse5';
import type { DefaultTreeAdapterTypes, TreeAdapter } from 'parse5';
import { safeStyle } from './css.ts';
import { htmlToText } from './text.ts';
import { LINK_SCHEMES, MEDIA_SCHEMES, resolveLink } from './urls.ts';

type P5Node = DefaultTreeAdapterTypes.ChildNode;
type P5Element = DefaultTreeAdapterTypes.Element;

/**
 * Allowlist HTML sanitizer driven by an HTML5 tree builder (parse5): the fragment is parsed as a
 * browser parses a `<div>`'s innerHTML, and only allowlisted elements and attributes of that tree
 * are written back, attribute values checked and re-escaped, so nothing the input smuggles in
 * (event handlers, `javascript:` URLs, broken quoting, comment and foreign-content tricks) can
 * survive and the output re-parses to the tree that was kept. Elements whose content is code or
 * chrome (script, style, iframe, object, form controls, svg/math) are dropped with their content;
 * other unknown elements are unwrapped (their content kept). Relative URLs are resolved against
 * `base`; tracking pixels and tracking query parameters are removed.
 *
 * Most feed HTML is simple: a fast path (one indexOf-driven pass, input stretches copied through)
 * handles fragments whose HTML5 tree is exactly the naive stack of their tags — known elements,
 * exactly matching end tags, no implied end tags, no foreign content, tables or script escapes —
 * and hands anything else, unchanged, to parse5. Both paths write the same tree.
 */
export function sanitizeHtml(html: string, base: string | undefined): string {
  if (html.indexOf('\r') !== -1) html = html.replace(CRLF, '\n'); // the HTML5 input stream
  if (html.indexOf('<') === -1) {
    // Plain text: in a fragment a NUL character is dropped (HTML5 "in body").
    return escapeText(html.indexOf('\0') === -1 ? html : html.replaceAll('\0', '')).trim();
  }
  const fast = html.indexOf('\0') === -1 ? fastSanitize(html, base) : null;
  return fast ?? serializeModel(sanitizeToModel(html, base));
}

const CRLF = /\r\n?/g;

/** The output model: text, or a kept element with its serialized attributes. */
export type ModelNode = string | ModelElement;
export interface ModelElement {
  name: string;
  attrs: string;
  children: ModelNode[];
}

/** Caps of one fragment's tree: beyond either, the field is kept as its escaped text instead. */
export const MAX_HTML_NODES = 100_000;
export const MAX_HTML_DEPTH = 256;

/** Counters of the last parse5 run (tests assert bounded growth on them). */
export const htmlStats = { nodes: 0, depth: 0, maxDepth: 0, stackOps: 0, passes: 0, capped: false };

class CapExceeded extends Error {}

/** parse5's plain-object tree, with the node and depth caps counted as it is built. */
const adapter: TreeAdapter<DefaultTreeAdapterTypes.DefaultTreeAdapterMap> = {
  ...defaultTreeAdapter,
  createElement(tagName, namespaceURI, attrs) {
    if (++htmlStats.nodes > MAX_HTML_NODES) throw new CapExceeded();
    return defaultTreeAdapter.createElement(tagName, namespaceURI, attrs);
  },
  insertText(parent, text) {
    if (++htmlStats.nodes > MAX_HTML_NODES) throw new CapExceeded();
    defaultTreeAdapter.insertText(parent, text);
  },
  onItemPush() {
    htmlStats.stackOps++;
    if (++htmlStats.depth > MAX_HTML_DEPTH) throw new CapExceeded();
    if (htmlStats.depth > htmlStats.maxDepth) htmlStats.maxDepth = htmlStats.depth;
  },
  onItemPop() {
    htmlStats.stackOps++;
    htmlStats.depth--;
  },
};

/** Fragments are parsed in the context of a `<div>` (the "in body" insertion mode). */
const CONTEXT = defaultTreeAdapter.createElement('div', HTML5.NS.HTML, []);

function parseTree(html: string): P5Node[] {
  htmlStats.depth = 0;
  htmlStats.passes++;
  return parseFragment(CONTEXT, html, { treeAdapter: adapter, scriptingEnabled: true }).childNodes;
}

/**
 * The kept tree of a fragment, through parse5 (the fast path's output re-parses to this tree too).
 * When dropping markup left a nesting that HTML5 would not re-parse as written (an unwrapped
 * `<marquee>` between two `<p>`, an `<a>` foster-parented into an `<a>`), the kept tree is
 * serialized and parsed once more: that tree is what any reader of the output will see.
 */
export function sanitizeToModel(html: string, base: string | undefined): ModelNode[] {
  htmlStats.nodes = 0;
  htmlStats.maxDepth = 0;
  htmlStats.stackOps = 0;
  htmlStats.passes = 0;
  htmlStats.capped = false;
  try {
    const ctx: BuildContext = { base, risky: false, ancestors: [] };
    let model = trimModel(build(parseTree(html), ctx, []));
    if (ctx.risky) {
      const again: BuildContext = { base, risky: false, ancestors: [] };
      model = trimModel(build(parseTree(serializeModel(model)), again, []));
    }
    return model;
  } catch (err) {
    if (!(err instanceof CapExceeded)) throw err;
    htmlStats.capped = true;
    const text = htmlToText(html);
    return text === '' ? [] : [text];
  }
}

interface BuildContext {
  base: string | undefined;
  /** Set when the kept tree may not re-parse as itself (see sanitizeToModel). */
  risky: boolean;
  /** Names of the kept elements above the current one. */
  ancestors: string[];
}

function build(nodes: P5Node[], ctx: BuildContext, out: ModelNode[]): ModelNode[] {
  for (const node of nodes) {
    if (node.nodeName === '#text') {
      pushText(out, (node as DefaultTreeAdapterTypes.TextNode).value);
      continue;
    }
    if (!('tagName' in node)) continue; // comments
    const el = node as P5Element;
    // Foreign content (the svg and math subtrees) goes whole; so do code and chrome.
    if (el.namespaceURI !== HTML5.NS.HTML) continue;
    let name = el.tagName;
    if (DROP_WITH_CONTENT.has(name) || DROP_VOID.has(name)) continue;
    let allowed = ALLOWED[name];
    const renamedFrom = allowed === undefined ? name : null;
    if (allowed === undefined) {
      const renamed = RENAME[name];
      if (renamed === undefined) {
        // Unwrapped: its content takes its place. Removing an element that HTML5 treats
        // specially (a scope or a list boundary) can change how the output re-parses.
        if (SPECIAL.has(name)) ctx.risky = true;
        build(el.childNodes, ctx, out);
        continue;
      }
      name = renamed;
      allowed = PLAIN;
    }
    const flat: string[] = [];
    for (const a of el.attrs) if (a.namespace === undefined) flat.push(a.name, a.value);
    const attrs = writeAttributes(name, allowed, flat, ctx.base, true);
    if (attrs === null) continue;
    if (!ctx.risky && !nestsAsWritten(name, ctx.ancestors)) ctx.risky = true;
    const kept: ModelElement = { name, attrs, children: [] };
    if (!VOID.has(name)) {
      ctx.ancestors.push(name);
      build(el.childNodes, ctx, kept.children);
      ctx.ancestors.pop();
    }
    // A form or nav left empty (only controls in it) is no content.
    if (renamedFrom !== null && kept.children.length === 0) continue;
    out.push(kept);
  }
  return out;
}

function pushText(out: ModelNode[], text: string): void {
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] += text;
  else out.push(text);
}

// What String#trim removes from the serialized output; a CR is written as `&#13;`, so never trimmed.
const LEADING_SPACE = /^[^\S\r]+/;
const TRAILING_SPACE = /[^\S\r]+$/;

/** Leading and trailing whitespace of the fragment goes (the old contract: output is trimmed). */
function trimModel(model: ModelNode[]): ModelNode[] {
  const first = model[0];
  if (typeof first === 'string') {
    const t = first.replace(LEADING_SPACE, '');
    if (t === '') model.shift();
    else model[0] = t;
  }
  const last = model[model.length - 1];
  if (typeof last === 'string') {
    const t = last.replace(TRAILING_SPACE, '');
    if (t === '') model.pop();
    else model[model.length - 1] = t;
  }
  return model;
}

/**
 * False when the start tag of `name` under `ancestors` would, re-parsed, close one of them (HTML5
 * "in body" rules for p, li, dd/dt, headings and a) — a nesting only foster parenting or an
 * unwrapped boundary element can leave in the kept tree.
 */
function nestsAsWritten(name: string, ancestors: string[]): boolean {
  if (P_CLOSERS.has(name)) {
    for (let k = ancestors.length - 1; k >= 0; k--) {
      const a = ancestors[k] as string;
      if (a === 'p') return false;
      if (BUTTON_SCOPE.has(a)) break;
    }
  }
  if (name === 'li' || name === 'dd' || name === 'dt') {
    for (let k = ancestors.length - 1; k >= 0; k--) {
      const a = ancestors[k] as string;
      if (a === name || (name !== 'li' && (a === 'dd' || a === 'dt'))) return false;
      if (SPECIAL.has(a) && a !== 'address' && a !== 'div' && a !== 'p') break;
    }
  }
  if (HEADINGS.has(name) && HEADINGS.has(ancestors[ancestors.length - 1] ?? '')) return false;
  if (name === 'a') {
    for (let k = ancestors.length - 1; k >= 0; k--) {
      const a = ancestors[k] as string;
      if (a === 'a') return false;
      if (a === 'td' || a === 'th' || a === 'caption') break;
    }
  }
  return true;
}

/** HTML of the kept tree: void elements XHTML-style, text with & and < escaped. */
export function serializeModel(model: ModelNode[]): string {
  let out = '';
  const write = (nodes: ModelNode[]) => {
    for (const node of nodes) {
      if (typeof node === 'string') {
        out += escapeTextNode(node);
        continue;
      }
      if (VOID.has(node.name)) {
        out += '<' + node.name + node.attrs + ' />';
        continue;
      }
      out += '<' + node.name + node.attrs + '>';
      // HTML5 drops one newline right after <pre>: a text that starts with one needs another.
      const first = node.children[0];
      if (node.name === 'pre' && typeof first === 'string' && first.startsWith('\n')) out += '\n';
      write(node.children);
      out += '</' + node.name + '>';
    }
  };
  write(model);
  return out;
}

const TEXT_SPECIAL = /[&<\r]/;
function escapeTextNode(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replace(/[&<\r]/g, escapeChar);
}

const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
/** HTML5 tag whitespace (CR is already LF). */
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 12;
const SIMPLE_NAME = /^[a-zA-Z][a-zA-Z0-9:-]*$/;
const UPPER = /[A-Z]/;
const asciiLower = (s: string) => (UPPER.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s);

/**
 * The fast path: null whenever the fragment holds anything whose HTML5 tree is not the naive
 * stack of its tags (see sanitizeHtml); otherwise the output, copied through where unchanged.
 */
function fastSanitize(html: string, base: string | undefined): string | null {
  const n = html.length;
  const open: string[] = [];
  const keptOpen: boolean[] = [];
  let pOpen = 0;
  let aOpen = 0;
  // Right after <pre> with nothing written since: a newline here is one HTML5 would drop.
  let preFresh = false;
  let out = '';
  let copyFrom = 0;
  let nextAmp = -2;
  let nextComment = -2;
  let bangClose = -2;
  let pos = 0;
  const replace = (start: number, end: number, text: string) => {
    out += html.slice(copyFrom, start) + text;
    copyFrom = end;
  };
  // HTML5 comment states: `<!-->` and `<!--->` are whole (empty) comments, and `--!>` closes a
  // comment as `-->` does. The next `--!>` is remembered so many comments stay linear.
  const commentEnd = (lt: number): number => {
    if (html.startsWith('>', lt + 4)) return lt + 5;
    if (html.startsWith('->', lt + 4)) return lt + 6;
    if (bangClose !== -1 && bangClose < lt + 4) bangClose = html.indexOf('--!>', lt + 4);
    const plain = html.indexOf('-->', lt + 4);
    const end = plain === -1 ? bangClose : bangClose === -1 ? plain : Math.min(plain, bangClose);
    if (end === -1) return n;
    return end === plain ? end + 3 : end + 4;
  };
  const bogusEnd = (from: number): number => {
    const gt = html.indexOf('>', from);
    return gt === -1 ? n : gt + 1;
  };
  while (pos < n) {
    let lt = html.indexOf('<', pos);
    if (lt === -1) lt = n;
    if (lt > pos) {
      if (preFresh && html.charCodeAt(pos) === 10) return null;
      preFresh = false;
      // A text run needs rewriting only if it holds '&' (entity canonicalization).
      if (nextAmp !== -1 && nextAmp < pos) nextAmp = html.indexOf('&', pos);
      if (nextAmp !== -1 && nextAmp < lt) replace(pos, lt, escapeText(html.slice(pos, lt)));
    }
    if (lt === n) break;
    const c = html.charCodeAt(lt + 1);

    if (c === 33 /* ! */ || c === 63 /* ? */) {
      // Comments; `<!DOCTYPE …>`, `<![CDATA[…>` and `<?…>` end at the first '>'.
      pos = html.startsWith('<!--', lt) ? commentEnd(lt) : bogusEnd(lt + 2);
      replace(lt, pos, '');
      continue;
    }

    if (c === 47 /* / */) {
      if (lt + 2 >= n) return null;
      const c2 = html.charCodeAt(lt + 2);
      if (!isAlpha(c2)) {
        // `</>` is nothing, `</ …>` a bogus comment.
        pos = c2 === 62 ? lt + 3 : bogusEnd(lt + 2);
        replace(lt, pos, '');
        continue;
      }
      let i = lt + 2;
      while (i < n && !isSpace(html.charCodeAt(i)) && html.charCodeAt(i) !== 47 && html.charCodeAt(i) !== 62)
        i++;
      const rawName = html.slice(lt + 2, i);
      let gt = i;
      while (gt < n && isSpace(html.charCodeAt(gt))) gt++;
      if (gt >= n || html.charCodeAt(gt) !== 62) return null;
      const name = asciiLower(rawName);
      // Only an end tag closing the current element keeps the tree naive.
      if (open.length === 0 || open[open.length - 1] !== name) return null;
      open.pop();
      const kept = keptOpen.pop() as boolean;
      if (name === 'p') pOpen--;
      else if (name === 'a') aOpen--;
      pos = gt + 1;
      if (!kept) replace(lt, pos, '');
      else {
        preFresh = false;
        if (gt !== i || rawName !== name) replace(lt, pos, '</' + name + '>');
      }
      continue;
    }

    if (!isAlpha(c)) {
      preFresh = false;
      pos = lt + 1;
      replace(lt, pos, '&lt;');
      continue;
    }

    // Start tag.
    let i = lt + 1;
    while (i < n && !isSpace(html.charCodeAt(i)) && html.charCodeAt(i) !== 47 && html.charCodeAt(i) !== 62)
      i++;
    const rawName = html.slice(lt + 1, i);
    if (!SIMPLE_NAME.test(rawName)) return null;
    const name = asciiLower(rawName);
    const tag = readAttributes(html, i);
    if (!tag.terminated) {
      // A start tag cut off by the end of input is no tag (HTML5 "EOF in tag").
      replace(lt, n, '');
      pos = n;
      break;
    }
    pos = tag.end;

    if (name === 'script' || name === 'style') {
      const end = rawTextEnd(html, name, pos, () => {
        if (nextComment !== -1 && nextComment < pos) nextComment = html.indexOf('<!--', pos);
        return nextComment;
      });
      if (end === -1) return null;
      pos = end;
      replace(lt, pos, '');
      continue;
    }
    if (DROP_VOID.has(name) && name !== 'image') {
      replace(lt, pos, '');
      continue;
    }
    const allowed = FAST_ALLOWED.has(name) ? ALLOWED[name] : undefined;
    if (allowed === undefined) {
      if (RULE_NAMES.has(name)) return null;
      // An ordinary unknown element: unwrapped.
      open.push(name);
      keptOpen.push(false);
      replace(lt, pos, '');
      continue;
    }
    if (P_CLOSERS.has(name) && pOpen > 0) return null;
    if (name === 'li' || name === 'dd' || name === 'dt') {
      for (let k = open.length - 1; k >= 0; k--) {
        const a = open[k] as string;
        if (a === 'li' || a === 'dd' || a === 'dt') return null;
        if (SPECIAL.has(a) && a !== 'address' && a !== 'div' && a !== 'p') break;
      }
    } else if (name === 'a') {
      if (aOpen > 0) return null;
    } else if (HEADINGS.has(name) && HEADINGS.has(open[open.length - 1] ?? '')) return null;

    const isVoid = VOID.has(name);
    if (tag.attrs.length === 0 && rawName === name && (isVoid || (!tag.selfClosing && pos === i + 1))) {
      // `<p>`, `<br>`, `<br/>`, `<br />` as written are already clean: copied through.
    } else {
      const attrs = writeAttributes(name, allowed, tag.attrs, base, false);
      if (attrs === null) {
        replace(lt, pos, ''); // e.g. a tracking pixel or an image without a usable source
        continue;
      }
      // Void elements are written XHTML-style (`<img src="..." />`), as feedparser does; a
      // self-closing flag on any other element means nothing in HTML5.
      replace(lt, pos, '<' + name + attrs + (isVoid ? ' />' : '>'));
    }
    preFresh = name === 'pre';
    if (isVoid) continue;
    open.push(name);
    keptOpen.push(true);
    if (name === 'p') pOpen++;
    else if (name === 'a') aOpen++;
  }
  out += html.slice(copyFrom, n);
  while (open.length > 0) {
    const name = open.pop() as string;
    if (keptOpen.pop() === true) out += '</' + name + '>';
  }
  return out.trim();
}

const RAW_END: Record<string, RegExp> = {
  script: /<\/script[\t\n\f />]/gi,
  style: /<\/style[\t\n\f />]/gi,
};

/**
 * Where the raw text of a script or style element that starts at `from` ends (after its end
 * tag; the input's end when unclosed), or -1 when the fast path cannot tell: a script holding
 * `<!--` enters the HTML5 script-escape states, and an end tag with attributes is left to parse5.
 */
function rawTextEnd(html: string, name: string, from: number, nextComment: () => number): number {
  const re = RAW_END[name] as RegExp;
  re.lastIndex = from;
  const m = re.exec(html);
  const end = m === null ? html.length : m.index;
  if (name === 'script') {
    const comment = nextComment();
    if (comment !== -1 && comment < end) return -1;
  }
  if (m === null) return html.length;
  return html.charCodeAt(end + name.length + 2) === 62 ? end + name.length + 3 : -1;
}

interface Tag {
  attrs: string[];
  end: number;
  selfClosing: boolean;
  /** False when the input ended before the tag's `>`. */
  terminated: boolean;
}

/** HTML5 attribute tokenization (names lowercased, values raw), from after the tag name. */
function readAttributes(html: string, start: number): Tag {
  const n = html.length;
  const attrs: string[] = [];
  let i = start;
  for (;;) {
    while (i < n && isSpace(html.charCodeAt(i))) i++;
    if (i >= n) break;
    let c = html.charCodeAt(i);
    if (c === 62 /* > */) return { attrs, end: i + 1, selfClosing: false, terminated: true };
    if (c === 47 /* / */) {
      if (html.charCodeAt(i + 1) === 62) return { attrs, end: i + 2, selfClosing: true, terminated: true };
      i++;
      continue;
    }
    // An attribute name runs to whitespace, '/', '>' or '=' (a leading '=' belongs to it).
    const nameStart = i++;
    while (i < n) {
      c = html.charCodeAt(i);
      if (isSpace(c) || c === 61 || c === 62 || c === 47) break;
      i++;
    }
    const name = asciiLower(html.slice(nameStart, i));
    while (i < n && isSpace(html.charCodeAt(i))) i++;
    let value = '';
    if (i < n && html.charCodeAt(i) === 61 /* = */) {
      i++;
      while (i < n && isSpace(html.charCodeAt(i))) i++;
      const q = html.charCodeAt(i);
      if (q === 34 || q === 39) {
        const end = html.indexOf(q === 34 ? '"' : "'", i + 1);
        if (end === -1) break;
        value = html.slice(i + 1, end);
        i = end + 1;
      } else {
        const vStart = i;
        while (i < n && !isSpace(html.charCodeAt(i)) && html.charCodeAt(i) !== 62) i++;
        value = html.slice(vStart, i);
      }
    }
    attrs.push(name, value);
  }
  return { attrs, end: n, selfClosing: false, terminated: false };
}

/**
 * Text is emitted as Unicode with & and < escaped, so entities come out canonical:
 * `&amp;`/`&lt;`/`&gt;` stay, other references are decoded, a bare `&` becomes `&amp;`.
 * A literal `>` in text is harmless and kept (as feedparser does).
 */
function escapeText(text: string): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out: string | null = null;
  let last = 0;
  while (amp !== -1) {
    // `&amp;`, `&lt;`, `&gt;` are already canonical: no allocation for the common case.
    if (
      text.startsWith('amp;', amp + 1) ||
      text.startsWith('lt;', amp + 1) ||
      text.startsWith('gt;', amp + 1)
    ) {
      amp = text.indexOf('&', amp + 2);
      continue;
    }
    ENTITY_AT.lastIndex = amp;
    const m = ENTITY_AT.exec(text);
    const end = m === null ? amp + 1 : amp + m[0].length;
    out = (out ?? '') + text.slice(last, amp) + (m === null ? '&amp;' : canonicalEntity(m[0]));
    last = end;
    amp = text.indexOf('&', end);
  }
  return out === null ? text : out + text.slice(last);
}

/** A character reference starting exactly at lastIndex (sticky). */
const ENTITY_AT = /&(?:[a-zA-Z][a-zA-Z0-9]{0,31};?|#[0-9]+;?|#[xX][0-9a-fA-F]+;?)/y;

function canonicalEntity(ref: string): string {
  const common = COMMON_ENTITIES[ref.slice(1)];
  if (common !== undefined) return common;
  const decoded = decodeHTML(ref);
  if (decoded === ref) return '&amp;' + ref.slice(1);
  return decoded.replace(SPECIAL_ALL, escapeChar);
}

const SPECIAL_ALL = /[&<\r]/g;

/** The references real feeds use most, decoded without a trip through the full decoder. */
const COMMON_ENTITIES: Record<string, string> = {
  'nbsp;': '\u00a0',
  'mdash;': '\u2014',
  'ndash;': '\u2013',
  'hellip;': '\u2026',
  'rsquo;': '\u2019',
  'lsquo;': '\u2018',
  'rdquo;': '\u201d',
  'ldquo;': '\u201c',
  'quot;': '"',
  'apos;': "'",
  'copy;': '\u00a9',
  '#39;': "'",
  '#8217;': '\u2019',
  '#8220;': '\u201c',
  '#8221;': '\u201d',
  '#8211;': '\u2013',
  '#8212;': '\u2014',
  '#160;': '\u00a0',
  '#038;': '&amp;',
  '#38;': '&amp;',
  '#8230;': '\u2026',
  'eacute;': '\u00e9',
};
const escapeChar = (c: string) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&#13;');

/** `style` is filtered to typographic declarations (css.ts), never removed wholesale. */
const GLOBAL_ATTRS = ['title', 'dir', 'lang', 'style'];
const set = (...names: string[]) => new Set([...GLOBAL_ATTRS, ...names]);
const PLAIN = set();
const TABLE_CELL = set(
  'colspan',
  'rowspan',
  'headers',
  'scope',
  'align',
  'valign',
  'abbr',
  'width',
  'height',
);
const MEDIA = set('src', 'controls', 'poster', 'width', 'height', 'preload', 'loop', 'muted');

/** Element → allowed attributes (Miniflux's list, minus presentational cruft). */
const ALLOWED: Record<string, Set<string>> = {
  a: set('href', 'hreflang', 'name'),
  img: set('src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading'),
  audio: MEDIA,
  video: MEDIA,
  source: set('src', 'srcset', 'type', 'media', 'sizes'),
  track: set('src', 'kind', 'srclang', 'label', 'default'),
  picture: PLAIN,
  blockquote: set('cite'),
  q: set('cite'),
  del: set('cite', 'datetime'),
  ins: set('cite', 'datetime'),
  time: set('datetime'),
  ol: set('start', 'type', 'reversed'),
  li: set('value'),
  td: TABLE_CELL,
  th: TABLE_CELL,
  col: set('span', 'width'),
  colgroup: set('span', 'width'),
  details: set('open'),
  abbr: PLAIN,
  acronym: PLAIN,
  address: PLAIN,
  article: PLAIN,
  aside: PLAIN,
  b: PLAIN,
  bdi: PLAIN,
  bdo: PLAIN,
  big: PLAIN,
  br: PLAIN,
  caption: PLAIN,
  center: PLAIN,
  cite: PLAIN,
  code: PLAIN,
  dd: PLAIN,
  dfn: PLAIN,
  div: PLAIN,
  dl: PLAIN,
  dt: PLAIN,
  em: PLAIN,
  figcaption: PLAIN,
  figure: PLAIN,
  footer: PLAIN,
  h1: PLAIN,
  h2: PLAIN,
  h3: PLAIN,
  h4: PLAIN,
  h5: PLAIN,
  h6: PLAIN,
  header: PLAIN,
  hr: PLAIN,
  i: PLAIN,
  kbd: PLAIN,
  mark: PLAIN,
  p: PLAIN,
  pre: PLAIN,
  rp: PLAIN,
  rt: PLAIN,
  ruby: PLAIN,
  s: PLAIN,
  samp: PLAIN,
  section: PLAIN,
  small: PLAIN,
  span: PLAIN,
  strike: PLAIN,
  strong: PLAIN,
  sub: PLAIN,
  summary: PLAIN,
  sup: PLAIN,
  table: set('border', 'width', 'cellpadding', 'cellspacing', 'summary', 'align'),
  tbody: PLAIN,
  tfoot: PLAIN,
  thead: PLAIN,
  tr: PLAIN,
  tt: PLAIN,
  u: PLAIN,
  ul: PLAIN,
  var: PLAIN,
  wbr: PLAIN,
};

const VOID = new Set(['br', 'hr', 'img', 'wbr', 'source', 'track', 'col']);

/** Elements removed together with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'frameset',
  'object',
  'applet',
  'noscript',
  'noembed',
  'noframes',
  'template',
  'textarea',
  'select',
  'option',
  'button',
  'title',
  'head',
  'svg',
  'math',
  'xmp',
  'plaintext',
  'canvas',
  'dialog',
  'portal',
]);

/** Void (or content-less) elements dropped on their own: there is no end tag to look for. */
const DROP_VOID = new Set([
  'embed',
  'frame',
  'input',
  'param',
  'keygen',
  'link',
  'meta',
  'base',
  'area',
  'image',
]);

const URL_ATTRS = new Set(['href', 'src', 'cite', 'poster']);
const NUMERIC = /^\d{1,5}%?$/;
const NUMERIC_ATTRS = new Set(['width', 'height', 'border', 'cellpadding', 'cellspacing']);

/** Known tracking beacons: FeedBurner flares, WordPress stats, Feedsportal, analytics pixels. */
const TRACKER =
  /^https?:\/\/(?:[^/?#]*\.)?(?:feeds\.feedburner\.com\/~(?:r|ff)\/|pixel\.wp\.com\/|stats\.wordpress\.com\/|[a-z]+\.feedsportal\.com\/|pixel\.quantserve\.com\/|www\.google-analytics\.com\/|ad\.doubleclick\.net\/|feeds\.feedblitz\.com\/~\/i\/|pixel\.|tracking\.)/i;

/** Serialized allowed attributes, or null when the whole element must go. */
function writeAttributes(
  tag: string,
  allowed: Set<string>,
  attrs: string[],
  base: string | undefined,
  decoded: boolean,
): string | null {
  let out = '';
  let width = '';
  let height = '';
  let hasSrc = false;
  let written: string[] | null = null;
  for (let k = 0; k < attrs.length; k += 2) {
    const name = attrs[k] as string;
    if (!allowed.has(name)) continue;
    // First occurrence wins, as in browsers.
    if (written !== null && written.includes(name)) continue;
    (written ??= []).push(name);
    const raw = attrs[k + 1] as string;
    let value = decoded || raw.indexOf('&') === -1 ? raw : decodeHTMLAttribute(raw);
    if (URL_ATTRS.has(name)) {
      value = safeUrl(value, base, name === 'href' || name === 'cite' ? LINK_SCHEMES : MEDIA_SCHEMES);
      if (value === '') continue;
      if (name === 'src') {
        if (TRACKER.test(value)) return null;
        hasSrc = true;
      }
    } else if (name === 'srcset') {
      value = safeSrcset(value, base);
      if (value === '') continue;
      hasSrc = true;
    } else if (NUMERIC_ATTRS.has(name)) {
      value = value.trim();
      if (!NUMERIC.test(value)) continue;
      if (name === 'width') width = value;
      else if (name === 'height') height = value;
    } else if (name === 'style') {
      value = safeStyle(value);
      if (value === '') continue;
    }
    out += ' ' + name + '="' + escapeAttr(value) + '"';
  }
  if (tag === 'img') {
    if (!hasSrc) return null;
    // 1×1 images are beacons, whatever host serves them.
    if ((width === '0' || width === '1') && (height === '0' || height === '1')) return null;
  }
  return out;
}

/** The shared URL policy; an in-page `#fragment` stays as written (it must not leave the page). */
function safeUrl(raw: string, base: string | undefined, schemes: RegExp): string {
  const t = raw.trim();
  return t.startsWith('#') ? t : resolveLink(raw, base, schemes);
}

function safeSrcset(raw: string, base: string | undefined): string {
  const parts: string[] = [];
  for (const candidate of raw.split(',')) {
    const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
    const safe = safeUrl(url, base, MEDIA_SCHEMES);
    if (safe !== '') parts.push([safe, ...descriptor].join(' '));
  }
  return parts.join(', ');
}

/** An attribute value in double quotes (a CR from a reference is kept as one: raw, it would become LF). */
export function escapeAttr(value: string): string {
  if (!ATTR_SPECIAL.test(value)) return value;
  return value.replace(/[&"<>\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '"' ? '&quot;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;',
  );
}

const ATTR_SPECIAL = /[&"<>\r]/;

/** Unknown elements that HTML5 treats as block containers: kept as the nearest equivalent. */
const RENAME: Record<string, string> = {
  main: 'section',
  nav: 'section',
  search: 'section',
  hgroup: 'section',
  fieldset: 'section',
  form: 'section',
  menu: 'section',
  dir: 'section',
  listing: 'pre',
};

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Start tags that close an open `<p>` (HTML5 "in body"). */
const P_CLOSERS = new Set([
  ...'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing form plaintext table hr xmp li dd dt'.split(
    ' ',
  ),
]);

/** Elements that bound "has a p element in button scope" among those we keep. */
const BUTTON_SCOPE = new Set([
  'table',
  'td',
  'th',
  'caption',
  'button',
  'html',
  'marquee',
  'object',
  'applet',
]);

/** The HTML5 "special" category (HTML namespace). */
const SPECIAL = new Set(
  'address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script search section select source style summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp'.split(
    ' ',
  ),
);

/** Every element name with a rule of its own in HTML5 tree building (the rest are ordinary). */
const RULE_NAMES = new Set([
  ...SPECIAL,
  ...'a b big code em font i nobr s small strike strong tt u rb rp rt rtc ruby optgroup option math svg image isindex menuitem noscript dialog selectedcontent'.split(
    ' ',
  ),
]);

/** Allowlisted elements the fast path writes itself: tables and ruby annotations go to parse5. */
const FAST_ALLOWED = new Set(
  Object.keys(ALLOWED).filter(
    (name) =>
      ![
        'table',
        'tbody',
        'thead',
        'tfoot',
        'tr',
        'td',
        'th',
        'caption',
        'col',
        'colgroup',
        'rp',
        'rt',
      ].includes(name),
  ),
);
