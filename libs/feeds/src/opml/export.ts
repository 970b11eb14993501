import type { OpmlDocument, OpmlFeed } from './import.ts';

/**
 * Writes an OPML 2.0 subscription list. Feeds are grouped into one folder level by their first
 * category (what most readers can import); the remaining categories go into the `category`
 * attribute, so `parseOpml(buildOpml(x))` gives the same feeds and categories back.
 */
export function buildOpml(doc: OpmlDocument, now: Date = new Date()): string {
  const folders = new Map<string, OpmlFeed[]>();
  const loose: OpmlFeed[] = [];
  for (const f of doc.feeds) {
    const folder = f.categories[0];
    if (folder === undefined) loose.push(f);
    else folders.set(folder, [...(folders.get(folder) ?? []), f]);
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${esc(doc.title)}</title>`,
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
  ];
  for (const [folder, feeds] of folders) {
    lines.push(`    <outline text="${esc(folder)}" title="${esc(folder)}">`);
    for (const f of feeds) lines.push('      ' + outline(f, f.categories.slice(1)));
    lines.push('    </outline>');
  }
  for (const f of loose) lines.push('    ' + outline(f, []));
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

function outline(f: OpmlFeed, categories: string[]): string {
  const attrs = [
    `type="rss"`,
    `text="${esc(f.title)}"`,
    `title="${esc(f.title)}"`,
    `xmlUrl="${esc(f.xmlUrl)}"`,
  ];
  if (f.htmlUrl !== '') attrs.push(`htmlUrl="${esc(f.htmlUrl)}"`);
  if (categories.length > 0) attrs.push(`category="${esc(categories.join(','))}"`);
  return `<outline ${attrs.join(' ')}/>`;
}

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}
