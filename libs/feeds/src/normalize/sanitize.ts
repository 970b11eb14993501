import { decodeHTML, decodeHTMLAttribute } from 'entities/decode';
import { safeStyle } from './css.ts';
import { LINK_SCHEMES, MEDIA_SCHEMES, resolveLink } from './urls.ts';

/**
 * Allowlist HTML sanitizer in one pass over the string (no DOM). The output is re-serialized from
 * tokens: only allowlisted elements and attributes are written, attribute values are decoded,
 * checked and re-escaped, so nothing the input smuggles in (event handlers, `javascript:` URLs,
 * broken quoting) can survive. Elements whose content is code or chrome (script, style, iframe,
 * object, form controls, svg/math) are dropped with their content; other unknown elements are
 * unwrapped (their text kept). Relative URLs are resolved against `base`; tracking pixels and
 * tracking query parameters are removed; open elements are closed at the end.
 */
export function sanitizeHtml(html: string, base: string | undefined): string {
  if (html.indexOf('<') === -1) return escapeText(html).trim();
  const n = html.length;
  const open: string[] = [];
  // How many of each name are open: an end tag for a name not open is rejected without scanning
  // the open stack (thousands of stray `</i>` under deep nesting were quadratic).
  const openCount: Record<string, number> = Object.create(null) as Record<string, number>;
  const push = (name: string) => {
    open.push(name);
    openCount[name] = (openCount[name] ?? 0) + 1;
  };
  const pop = (): string => {
    const name = open.pop() as string;
    (openCount[name] as number)--;
    return name;
  };
  let skipper: ElementSkipper | null = null;
  // HTML5 comment states: `<!-->` and `<!--->` are whole (empty) comments, and `--!>` closes a
  // comment as `-->` does. The next `--!>` is remembered so many comments stay linear.
  let bangClose = -2;
  const commentEnd = (lt: number): number => {
    if (html.startsWith('>', lt + 4)) return lt + 5;
    if (html.startsWith('->', lt + 4)) return lt + 6;
    if (bangClose !== -1 && bangClose < lt + 4) bangClose = html.indexOf('--!>', lt + 4);
    const plain = html.indexOf('-->', lt + 4);
    const end = plain === -1 ? bangClose : bangClose === -1 ? plain : Math.min(plain, bangClose);
    if (end === -1) return n;
    return end === plain ? end + 3 : end + 4;
  };
  // Output is built by copying unchanged stretches of the input in one slice and only splicing in
  // what differs (most tags and text runs of real content are already clean): few allocations.
  let out = '';
  let copyFrom = 0;
  let nextAmp = -2;
  let pos = 0;
  const replace = (start: number, end: number, text: string) => {
    out += html.slice(copyFrom, start) + text;
    copyFrom = end;
  };
  while (pos < n) {
    let lt = html.indexOf('<', pos);
    if (lt === -1) lt = n;
    if (lt > pos) {
      // A text run needs rewriting only if it holds '&' (entity canonicalization).
      if (nextAmp !== -1 && nextAmp < pos) nextAmp = html.indexOf('&', pos);
      if (nextAmp !== -1 && nextAmp < lt) replace(pos, lt, escapeText(html.slice(pos, lt)));
    }
    if (lt === n) break;
    const c = html.charCodeAt(lt + 1);

    if (c === 33 /* ! */ || c === 63 /* ? */) {
      if (html.startsWith('<!--', lt)) {
        pos = commentEnd(lt);
      } else {
        const end = html.indexOf('>', lt + 2);
        pos = end === -1 ? n : end + 1;
      }
      replace(lt, pos, '');
      continue;
    }

    if (c === 47 /* / */) {
      let i = lt + 2;
      while (i < n && isNameChar(html.charCodeAt(i))) i++;
      const rawName = html.slice(lt + 2, i);
      const name = rawName.toLowerCase();
      const gt = html.indexOf('>', i);
      pos = gt === -1 ? n : gt + 1;
      const at = (openCount[name] ?? 0) === 0 ? -1 : open.lastIndexOf(name);
      if (at === open.length - 1 && at !== -1 && gt === i && rawName === name) {
        pop(); // `</name>` closing the innermost element: already canonical
        continue;
      }
      let closes = '';
      if (at !== -1) while (open.length > at) closes += '</' + pop() + '>';
      replace(lt, pos, closes);
      continue;
    }

    if (!isAlpha(c)) {
      pos = lt + 1;
      replace(lt, pos, '&lt;');
      continue;
    }

    // Start tag.
    let i = lt + 1;
    while (i < n && isNameChar(html.charCodeAt(i))) i++;
    const rawName = html.slice(lt + 1, i);
    const name = rawName.toLowerCase();
    const tag = readAttributes(html, i);
    pos = tag.end;
    if (!tag.terminated) {
      // A start tag cut off by the end of input is no tag (HTML5 "EOF in tag"); copied raw it
      // would swallow whatever markup the fragment is later embedded in.
      replace(lt, n, '');
      break;
    }

    if (DROP_WITH_CONTENT.has(name)) {
      if (!tag.selfClosing) pos = (skipper ??= new ElementSkipper(html)).skip(name, lt, pos);
      replace(lt, pos, '');
      continue;
    }
    const allowed = ALLOWED[name];
    if (allowed === undefined || DROP_VOID.has(name)) {
      replace(lt, pos, ''); // unwrap: drop the tag, keep its content
      continue;
    }
    if (tag.attrs.length === 0 && rawName === name) {
      // `<p>`, `<br>`, `<br/>`, `<br />` as written are already clean: copy them through.
      if (VOID.has(name)) continue;
      if (!tag.selfClosing && pos === i + 1) {
        push(name);
        continue;
      }
    }
    const attrs = writeAttributes(name, allowed, tag.attrs, base);
    if (attrs === null) {
      replace(lt, pos, ''); // e.g. a tracking pixel or an image without a usable source
      continue;
    }
    // Void elements are written XHTML-style (`<img src="..." />`), as feedparser does.
    if (VOID.has(name)) replace(lt, pos, '<' + name + attrs + ' />');
    else if (tag.selfClosing) replace(lt, pos, '<' + name + attrs + '></' + name + '>');
    else {
      replace(lt, pos, '<' + name + attrs + '>');
      push(name);
    }
  }
  out += html.slice(copyFrom, n);
  while (open.length > 0) out += '</' + pop() + '>';
  return out.trim();
}

const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isNameChar = (c: number) => isAlpha(c) || (c >= 48 && c <= 57) || c === 45 || c === 58 || c === 95;
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 12;

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
const ENTITY_AT = /&(?:[a-zA-Z][a-zA-Z0-9]{0,31};?|#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?)/y;

function canonicalEntity(ref: string): string {
  const common = COMMON_ENTITIES[ref.slice(1)];
  if (common !== undefined) return common;
  const decoded = decodeHTML(ref);
  if (decoded === ref) return '&amp;' + ref.slice(1);
  return decoded.replace(SPECIAL_ALL, escapeChar);
}

const SPECIAL_ALL = /[&<]/g;

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
const escapeChar = (c: string) => (c === '&' ? '&amp;' : '&lt;');

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

/** Raw-text elements: without an end tag, browsers treat the rest of the document as their content. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'xmp',
  'plaintext',
  'noscript',
  'noembed',
  'noframes',
  'textarea',
  'title',
]);

const URL_ATTRS = new Set(['href', 'src', 'cite', 'poster']);
const NUMERIC = /^\d{1,5}%?$/;
const NUMERIC_ATTRS = new Set(['width', 'height', 'border', 'cellpadding', 'cellspacing']);

/** Known tracking beacons: FeedBurner flares, WordPress stats, Feedsportal, analytics pixels. */
const TRACKER =
  /^https?:\/\/(?:[^/?#]*\.)?(?:feeds\.feedburner\.com\/~(?:r|ff)\/|pixel\.wp\.com\/|stats\.wordpress\.com\/|[a-z]+\.feedsportal\.com\/|pixel\.quantserve\.com\/|www\.google-analytics\.com\/|ad\.doubleclick\.net\/|feeds\.feedblitz\.com\/~\/i\/|pixel\.|tracking\.)/i;

interface Tag {
  attrs: string[];
  end: number;
  selfClosing: boolean;
  /** False when the input ended before the tag's `>`. */
  terminated: boolean;
}

/** HTML attribute syntax: name[=value], value quoted with " or ' or unquoted. */
function readAttributes(html: string, start: number): Tag {
  const n = html.length;
  const attrs: string[] = [];
  let i = start;
  let selfClosing = false;
  while (i < n) {
    let c = html.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 62 /* > */) return { attrs, end: i + 1, selfClosing, terminated: true };
    if (c === 47 /* / */) {
      selfClosing = html.charCodeAt(i + 1) === 62;
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n) {
      c = html.charCodeAt(i);
      if (isSpace(c) || c === 61 || c === 62 || c === 47) break;
      i++;
    }
    if (i === nameStart) {
      i++;
      continue;
    }
    const name = html.slice(nameStart, i).toLowerCase();
    while (i < n && isSpace(html.charCodeAt(i))) i++;
    let value = '';
    if (html.charCodeAt(i) === 61 /* = */) {
      i++;
      while (i < n && isSpace(html.charCodeAt(i))) i++;
      const q = html.charCodeAt(i);
      if (q === 34 || q === 39) {
        let end = html.indexOf(q === 34 ? '"' : "'", i + 1);
        if (end === -1) end = n;
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
  return { attrs, end: n, selfClosing, terminated: false };
}

/** Serialized allowed attributes, or null when the whole element must go. */
function writeAttributes(
  tag: string,
  allowed: Set<string>,
  attrs: string[],
  base: string | undefined,
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
    let value = raw.indexOf('&') === -1 ? raw : decodeHTMLAttribute(raw);
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

function escapeAttr(value: string): string {
  if (!ATTR_SPECIAL.test(value)) return value;
  return value.replace(/[&"<>]/g, (c) =>
    c === '&' ? '&amp;' : c === '"' ? '&quot;' : c === '<' ? '&lt;' : '&gt;',
  );
}

const ATTR_SPECIAL = /[&"<>]/;

const tagCache = new Map<string, RegExp>();

/** `</name>` for raw-text elements; `<name` or `</name` (then a tag boundary) for the others. */
function tagPattern(name: string): RegExp {
  let re = tagCache.get(name);
  if (re === undefined) {
    re = RAW_TEXT.has(name)
      ? new RegExp(`</${name}\\s*>`, 'gi')
      : new RegExp(`<(/?)${name}(?=[\\s/>])`, 'gi');
    tagCache.set(name, re);
  }
  return re;
}

/**
 * Finds the end of dropped elements for one input, in time linear in its length. Raw-text
 * elements (script, style, ...) end at the first `</name>`, as in HTML5; the others nest
 * (`<svg><svg></svg>leak</svg>` drops everything), so each name's start and end tags are matched
 * once, with a stack, on its first use. Searches only move forward, so each raw-text name's last
 * result is remembered: a thousand unclosed `<script>` cost one scan to the end, not a thousand.
 */
class ElementSkipper {
  private readonly last = new Map<string, { from: number; index: number; end: number }>();
  /** Per nesting name: start-tag position → position after its matching end tag. */
  private readonly matched = new Map<string, Map<number, number>>();
  private readonly html: string;
  constructor(html: string) {
    this.html = html;
  }

  /** Where the element whose start tag is at `lt` and ends at `from` ends; `from` if unclosed. */
  skip(name: string, lt: number, from: number): number {
    if (!RAW_TEXT.has(name)) {
      let ends = this.matched.get(name);
      if (ends === undefined) this.matched.set(name, (ends = this.matchTags(name)));
      return ends.get(lt) ?? from;
    }
    let hit = this.last.get(name);
    if (hit === undefined || from < hit.from || (hit.index !== -1 && from > hit.index)) {
      const re = tagPattern(name);
      re.lastIndex = from;
      const m = re.exec(this.html);
      hit = m === null ? { from, index: -1, end: -1 } : { from, index: m.index, end: m.index + m[0].length };
      this.last.set(name, hit);
    }
    // Unclosed raw text runs to the end of the input.
    return hit.index !== -1 ? hit.end : this.html.length;
  }

  private matchTags(name: string): Map<number, number> {
    const ends = new Map<number, number>();
    const open: number[] = [];
    const re = tagPattern(name);
    re.lastIndex = 0;
    for (let m = re.exec(this.html); m !== null; m = re.exec(this.html)) {
      const tag = readAttributes(this.html, m.index + m[0].length);
      re.lastIndex = Math.max(tag.end, m.index + 1);
      if (m[1] === '/') {
        const start = open.pop();
        if (start !== undefined) ends.set(start, tag.end);
      } else if (!tag.selfClosing) open.push(m.index);
    }
    return ends;
  }
}
