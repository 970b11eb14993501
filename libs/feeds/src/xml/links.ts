import type { Enclosure } from '../model.ts';
import { parseLength } from '../normalize/item.ts';
import { resolveLink, withBase } from '../normalize/urls.ts';
import { attrOf, textOf } from './query.ts';
import type { XmlElement } from './tokenizer.ts';

/** An atom:link's relation; `alternate` when absent (RFC 4287 §4.2.7.2). */
export function relOf(link: XmlElement): string {
  return (link.attrs?.rel ?? 'alternate').trim().toLowerCase();
}

/** href resolved against the link element's own xml:base chain. */
export function hrefOf(link: XmlElement, base: string | undefined): string {
  // Some feeds write the URL as the element's text instead of an href attribute.
  const href = attrOf(link, 'href') || textOf(link);
  return resolveLink(href, withBase(link.attrs?.['xml:base'], base));
}

/** href of the first link with the given relation, or ''. */
export function linkHref(links: XmlElement[], rel: string, base: string | undefined): string {
  for (const l of links) if (relOf(l) === rel) return hrefOf(l, base);
  return '';
}

/** The alternate link, preferring an HTML one (feeds list several alternates by type). */
export function alternateHref(links: XmlElement[], base: string | undefined): string {
  let first: XmlElement | undefined;
  for (const l of links) {
    if (relOf(l) !== 'alternate') continue;
    const type = attrOf(l, 'type').toLowerCase();
    if (type === '' || type === 'text/html' || type === 'application/xhtml+xml') return hrefOf(l, base);
    first ??= l;
  }
  return first === undefined ? '' : hrefOf(first, base);
}

/**
 * Enclosures from rel=enclosure links and media:content elements (RSS's own <enclosure> and
 * these share one shape: a URL attribute, a type and a byte length).
 */
export function linkAndMediaEnclosures(
  links: XmlElement[],
  media: XmlElement[],
  base: string | undefined,
): Enclosure[] {
  const out: Enclosure[] = [];
  for (const l of links) {
    if (relOf(l) === 'enclosure') out.push(enclosureOf(l, hrefOf(l, base), 'length', undefined));
  }
  for (const m of media) out.push(enclosureOf(m, attrOf(m, 'url'), 'fileSize', base));
  return out;
}

export function enclosureOf(
  el: XmlElement,
  url: string,
  lengthAttr: string,
  base: string | undefined,
): Enclosure {
  return {
    url: resolveLink(url, base),
    type: attrOf(el, 'type'),
    length: parseLength(attrOf(el, lengthAttr)),
  };
}
