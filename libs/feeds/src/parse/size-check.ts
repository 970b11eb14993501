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
  for (const [key, value] of Object.entries(obj)) {
    if (typeof value === 'string') checkString(value, key, `${path}.${key}`);
    else if (Array.isArray(value)) {
      value.forEach((v: unknown, i) => {
        if (typeof v === 'string') checkString(v, key, `${path}.${key}[${i}]`);
        else if (typeof v === 'object' && v !== null) checkObject(v, `${path}.${key}[${i}]`);
      });
    }
  }
}

function checkString(value: string, key: string, path: string): void {
  const max = HTML_FIELDS.has(key) ? MAX_HTML_FIELD_CHARS : MAX_TEXT_FIELD_CHARS;
  if (value.length > max)
    throw new ParseError('too-large', `${path} has ${value.length} characters (limit ${max})`);
}

/**
 * Refuses a JSON text with more objects and arrays than MAX_NODES, or a JSON Feed with more than
 * MAX_ITEMS items, before JSON.parse materializes them (15 MB of `{}` is 2.6 M objects). One scan
 * that skips strings; counting is an upper bound when the JSON is malformed, which JSON.parse
 * then reports anyway.
 */
export function assertJsonNodeCount(text: string): void {
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

export function assertItemCount(count: number): void {
  if (count > MAX_ITEMS) throw new ParseError('too-large', `${count} items (limit ${MAX_ITEMS})`);
}
