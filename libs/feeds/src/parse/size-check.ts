import { ParseError } from '../errors.ts';
import { MAX_HTML_FIELD_CHARS, MAX_ITEMS, MAX_NODES, MAX_TEXT_FIELD_CHARS } from '../limits.ts';
import type { ParsedFeed } from '../model.ts';

/** The HTML fields of the model; every other string is single-line text. */
const HTML_FIELDS = new Set(['description', 'summary', 'content']);

/** Throws `too-large` naming the first field of `parsed` over its size limit. */
export function assertFieldSizes(parsed: ParsedFeed): void {
  checkObject(parsed.feed, 'feed');
  for (let i = 0; i < parsed.items.length; i++) checkObject(parsed.items[i] as object, `items[${i}]`);
}

function checkObject(obj: object, path: string): void {
  for (const key in obj) {
    const value = (obj as Record<string, unknown>)[key];
    if (typeof value === 'string') checkString(value, key, path, key);
    else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (typeof v === 'string') checkString(v, key, path, `${key}[${i}]`);
        else if (typeof v === 'object' && v !== null) checkObject(v, `${path}.${key}[${i}]`);
      }
    }
  }
}

/** `where` names the field in the message; built only when the check fails. */
function checkString(value: string, key: string, path: string, where: string): void {
  if (value.length <= MAX_TEXT_FIELD_CHARS) return;
  const max = HTML_FIELDS.has(key) ? MAX_HTML_FIELD_CHARS : MAX_TEXT_FIELD_CHARS;
  if (value.length > max)
    throw new ParseError('too-large', `${path}.${where} has ${value.length} characters (limit ${max})`);
}

/**
 * Refuses a JSON text with more objects and arrays than MAX_NODES, or a JSON Feed with more than
 * MAX_ITEMS items, before JSON.parse materializes them (15 MB of `{}` is 2.6 M objects). Fast
 * path: counting every `{` and `[` (indexOf, no per-character loop) bounds the count from above;
 * only a document over the limit by that bound is scanned exactly, skipping strings.
 */
export function assertJsonNodeCount(text: string): void {
  if (text.length <= MAX_NODES || countOf(text, '{') + countOf(text, '[') <= MAX_NODES) return;
  let nodes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if ((c === 123 || c === 91) /* { [ */ && ++nodes > MAX_NODES) {
      throw new ParseError('too-large', `more than ${MAX_NODES} JSON objects and arrays`);
    }
  }
}

function countOf(text: string, ch: string): number {
  let count = 0;
  for (let at = text.indexOf(ch); at !== -1; at = text.indexOf(ch, at + 1)) count++;
  return count;
}

export function assertItemCount(count: number): void {
  if (count > MAX_ITEMS) throw new ParseError('too-large', `${count} items (limit ${MAX_ITEMS})`);
}
