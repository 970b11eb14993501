import { decodeHTMLStrict } from 'entities/decode';

/**
 * Decodes character references in XML text. The five XML entities, numeric references and the
 * HTML named entities feeds use without declaring them (`&nbsp;`, `&eacute;`) are decoded; a bare
 * `&` or an unknown name stays literal. DTD-declared entities are never expanded (no XXE, no
 * billion laughs).
 */
export function decodeXmlText(raw: string): string {
  return raw.indexOf('&') === -1 ? raw : decodeHTMLStrict(raw);
}
