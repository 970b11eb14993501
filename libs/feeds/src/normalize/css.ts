/**
 * Inline `style` allowlist for sanitized HTML: only typographic properties whose every value
 * form is matched whole by a strict pattern (so no url(), expression(), escapes, comments,
 * quotes or layout/position tricks can pass). Anything else is dropped declaration by declaration.
 */
const COLOR =
  /^(?:#[0-9a-f]{3,8}|[a-z]{3,20}|(?:rgba?|hsla?)\(\s*[\d.]+%?(?:\s*[,/\s]\s*[\d.]+(?:%|deg)?){2,3}\s*\))$/i;
const LENGTH = /^(?:0|\d{1,4}(?:\.\d{1,3})?(?:px|em|rem|%|pt))$/;

const PROPERTIES: Record<string, RegExp> = {
  color: COLOR,
  'background-color': COLOR,
  'font-weight': /^(?:normal|bold|bolder|lighter|[1-9]00)$/,
  'font-style': /^(?:normal|italic|oblique)$/,
  'font-size': LENGTH,
  'text-align': /^(?:left|right|center|justify|start|end)$/,
  'text-decoration':
    /^(?:none|(?:underline|overline|line-through)(?:\s+(?:underline|overline|line-through)){0,2})$/,
  'vertical-align': /^(?:baseline|sub|super|top|middle|bottom|text-top|text-bottom)$/,
  'white-space': /^(?:normal|nowrap|pre|pre-wrap|pre-line)$/,
};

/** The allowlisted declarations of a style attribute, normalized (`a: b; c: d`); '' when none. */
export function safeStyle(style: string): string {
  // Escapes and comments could spell a forbidden value past the patterns: refuse them outright.
  if (style.includes('\\') || style.includes('/*')) return '';
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .trim()
      .replace(/\s*!important$/i, '');
    if (PROPERTIES[property]?.test(value) === true) kept.push(`${property}: ${value}`);
  }
  return kept.join('; ');
}
