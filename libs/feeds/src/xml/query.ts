import { ParseError } from '../errors.ts';
import { MAX_HTML_FIELD_CHARS } from '../limits.ts';
import type { XmlDocument, XmlElement } from './tokenizer.ts';

/** Trimmed decoded text of an element ('' when absent). */
export function textOf(el: XmlElement | undefined): string {
  return el === undefined ? '' : el.text.trim();
}

export function attrOf(el: XmlElement | undefined, name: string): string {
  return el?.attrs?.[name]?.trim() ?? '';
}

/** The raw inner markup of a field element (content, summary, title), as written in the source. */
export function innerXml(doc: XmlDocument, el: XmlElement): string {
  if (el.innerEnd - el.innerStart > MAX_HTML_FIELD_CHARS)
    throw new ParseError('too-large', `<${el.qname}> markup exceeds ${MAX_HTML_FIELD_CHARS} characters`);
  return doc.source.slice(el.innerStart, el.innerEnd);
}

/**
 * The element's content as an HTML string: its decoded text when it has no child elements (the
 * usual escaped or CDATA HTML), else its raw inner markup (HTML written unescaped into the XML).
 */
export function htmlOf(doc: XmlDocument, el: XmlElement | undefined): string {
  if (el === undefined) return '';
  if (el.children.length === 0) return el.text.trim();
  return unwrapCdata(innerXml(doc, el)).trim();
}

function unwrapCdata(s: string): string {
  return s.indexOf('<![CDATA[') === -1 ? s : s.replaceAll('<![CDATA[', '').replaceAll(']]>', '');
}
